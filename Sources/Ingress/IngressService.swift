import Hummingbird
import Kafka
import Logging
import Metrics
import HummingbirdCore
import NIOCore
import Observability
import Prometheus
import ServiceLifecycle
import Synchronization

/// The HTTP ingress: Graph's webhook in front of the notifications topic.
///
/// Owns the Kafka producer and two HTTP servers: the webhook (``IngressConfiguration/port``) and the
/// operational routes `/healthz`, `/readyz` and `/metrics` (``IngressConfiguration/healthPort``), so
/// probes and scrapes never queue behind notifications and the metrics are not served where Graph
/// posts. Run it in a `ServiceGroup`:
/// ```swift
/// let ingress = try IngressService(configuration: configuration, logger: logger,
///                                  metricsFactory: PrometheusMetricsFactory(registry: registry),
///                                  metricsRegistry: registry)
/// let group = ServiceGroup(services: [ingress], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
/// - Important: On graceful shutdown it stops accepting connections, lets every request in flight
///   finish (each waits for its delivery report or its time budget), flushes the producer and returns.
public final class IngressService: Service, Sendable {
    private let configuration: IngressConfiguration
    private let sink: any NotificationSink
    private let keyStore: SigningKeyStore?
    private let endpoint: NotificationEndpoint
    private let operationalRoutes: OperationalRoutes
    private let logger: Logger
    private let onServerRunning: @Sendable (IngressPorts) async -> Void
    private let bound = Mutex<(webhook: Int?, health: Int?)>((nil, nil))

    /// Creates the ingress and its Kafka producer (which connects in the background).
    ///
    /// - Parameters:
    ///   - configuration: Listening, token checks, limits and the producer.
    ///   - logger: Receives the ingress's logs; tokens are never logged.
    ///   - metricsFactory: Where the ingress's metrics are created.
    ///   - metricsRegistry: What `/metrics` serves (normally the registry behind `metricsFactory`).
    ///   - onServerRunning: Called with the bound ports once both servers listen.
    /// - Throws: ``IngressConfigurationError`` for settings that cannot work; `KafkaError` when the
    ///   producer configuration is rejected.
    public convenience init(
        configuration: IngressConfiguration,
        logger: Logger,
        metricsFactory: any MetricsFactory,
        metricsRegistry: PrometheusCollectorRegistry,
        onServerRunning: @escaping @Sendable (IngressPorts) async -> Void = { _ in }
    ) throws {
        try configuration.validate()
        let producer = try KafkaProducer(configuration: configuration.kafka, logger: logger)
        try self.init(
            configuration: configuration,
            sink: KafkaNotificationSink(producer: producer, topic: configuration.notificationsTopic),
            keyFetcher: nil,
            logger: logger,
            metricsFactory: metricsFactory,
            metricsRegistry: metricsRegistry,
            onServerRunning: onServerRunning
        )
    }

    init(
        configuration: IngressConfiguration,
        sink: any NotificationSink,
        keyFetcher: (any SigningKeyFetching)?,
        logger: Logger,
        metricsFactory: any MetricsFactory,
        metricsRegistry: PrometheusCollectorRegistry,
        onServerRunning: @escaping @Sendable (IngressPorts) async -> Void = { _ in },
        keyStoreClock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) throws(IngressConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.sink = sink
        self.logger = logger
        self.onServerRunning = onServerRunning
        let authentication = configuration.authentication
        let metrics = IngressMetrics(factory: metricsFactory)
        var validator: BearerTokenValidator?
        if authentication.isEnabled {
            let fetcher = keyFetcher ?? OpenIDKeyFetcher(
                metadataURL: authentication.openIDMetadataURL,
                httpClient: nil,
                timeout: authentication.fetchTimeout,
                logger: logger
            )
            let store = SigningKeyStore(
                fetcher: fetcher,
                refreshInterval: authentication.keyRefreshInterval,
                unknownKeyRefreshInterval: authentication.unknownKeyRefreshInterval,
                maxKeyAge: authentication.maxKeyAge,
                logger: logger,
                onFetch: { metrics.countKeyFetch(succeeded: $0) },
                clock: keyStoreClock
            )
            keyStore = store
            validator = BearerTokenValidator(configuration: authentication, keys: store)
        } else {
            keyStore = nil
        }
        let limiter = InFlightLimiter(limit: configuration.maxInFlight)
        endpoint = NotificationEndpoint(
            validator: validator,
            handoff: NotificationHandoff(
                sink: sink,
                produceTimeout: configuration.produceTimeout,
                limits: .init(maxNotifications: configuration.maxNotificationsPerBody, maxCalls: configuration.maxCallsPerBody),
                produceConcurrency: configuration.produceConcurrency
            ),
            limiter: limiter,
            maxBodyBytes: configuration.maxBodyBytes,
            bodyTimeout: configuration.connections.requestBodyTimeout,
            metrics: metrics
        )
        let readiness = ReadinessProbe(sink: sink, limiter: limiter, keys: keyStore)
        operationalRoutes = OperationalRoutes(
            registry: metricsRegistry,
            versions: [("switchboard", SwitchboardBuild.version), ("librdkafka", KafkaLibrary.version)],
            readiness: { await readiness.status() })
    }

    /// The port the webhook listens on, once it does (useful with port 0).
    public var port: Int? { bound.withLock { $0.webhook } }

    /// The port of `/healthz`, `/readyz` and `/metrics`, once the server listens (useful with port 0).
    public var healthPort: Int? { bound.withLock { $0.health } }

    /// Serves until the service group shuts down, then drains and flushes.
    public func run() async throws {
        if !configuration.authentication.isEnabled {
            logger.warning("Authentication is OFF: anyone who can reach this port can inject call notifications")
        }
        let webhook = makeApplication()
        let health = makeHealthApplication()
        try await withThrowingDiscardingTaskGroup { group in
            if let keyStore {
                group.addTask { await keyStore.run() }
            }
            group.addTask { try await health.run() }
            try await webhook.run()
            group.cancelAll()
        }
        logger.info("Flushing the producer before exit")
        await sink.shutdown(flushTimeout: configuration.shutdownFlushTimeout)
        logger.info("The ingress stopped")
    }

    /// The webhook's Hummingbird application (tests drive it directly).
    func makeApplication() -> some ApplicationProtocol {
        let limits = configuration.connections
        return Application(
            router: IngressRouter.make(endpoint: endpoint),
            server: Self.server(limits),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)
            ),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.port
                logger.info(
                    "The ingress is listening",
                    metadata: ["http.host": "\(configuration.host)", "http.port": "\(port)",
                               "kafka.topic": "\(configuration.notificationsTopic)"]
                )
                await listening(webhook: port)
            },
            logger: logger
        )
    }

    /// The operational routes' Hummingbird application (tests drive it directly); the same slow-client
    /// limits as the webhook.
    func makeHealthApplication() -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        operationalRoutes.register(on: router)
        return Application(
            router: router,
            server: Self.server(configuration.connections),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.healthPort),
                serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.connections.maxConnections, logger: logger)
            ),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.healthPort
                logger.info("The ingress's health routes are listening", metadata: ["http.port": "\(port)"])
                await listening(health: port)
            },
            logger: logger
        )
    }

    /// HTTP/1 with the idle timeout and the request-head deadline of `limits`; a response that says
    /// `Connection: close` closes the connection.
    private static func server(_ limits: IngressConnectionLimits) -> HTTPServerBuilder {
        .dropSafeHTTP1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [
                    RequestHeadDeadlineHandler(headTimeout: limits.requestHeadTimeout, idleTimeout: limits.idleTimeout),
                    CloseAfterResponseHandler(),
                ],
                idleTimeout: TimeAmount(limits.idleTimeout)
            )
        )
    }

    /// Notes a bound port; calls `onServerRunning` once both are known.
    private func listening(webhook: Int? = nil, health: Int? = nil) async {
        let ports: IngressPorts? = bound.withLock { bound in
            if let webhook { bound.webhook = webhook }
            if let health { bound.health = health }
            guard let webhook = bound.webhook, let health = bound.health else { return nil }
            return IngressPorts(webhook: webhook, health: health)
        }
        if let ports { await onServerRunning(ports) }
    }
}
