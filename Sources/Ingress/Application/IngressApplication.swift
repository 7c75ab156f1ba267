import Hummingbird
import HummingbirdCore
import Kafka
public import Logging
public import Metrics
import NIOCore
import Observability
public import Prometheus
public import ServiceLifecycle
import Synchronization

/// One ingress, put together once: the Kafka producer, the operations server, the signing key store and
/// the webhook server, each a `Service`, in the order they start and stop.
///
/// `switchboard ingress` runs it on its own (``run(first:)``); `switchboard-dev dev` and `bench ingress`
/// put its ``services`` into their own `ServiceGroup`:
/// ```swift
/// let ingress = try IngressApplication(configuration: configuration, logger: logger)
/// try await ingress.run()
/// ```
///
/// The operations routes `/healthz`, `/readyz` and `/metrics` have a port of their own
/// (``IngressApplicationConfiguration/healthPort``), so probes and scrapes never queue behind
/// notifications and the metrics are not served where Graph posts.
///
/// Start order is ``services``' order; a `ServiceGroup` stops them in reverse:
/// 1. the webhook stops accepting connections and lets every request in flight finish (each waits for
///    its delivery report or its time budget);
/// 2. the signing key store stops refreshing;
/// 3. the operations server stops;
/// 4. the producer flushes what is still queued (at most
///    ``IngressApplicationConfiguration/shutdownFlushTimeout``) and closes.
public final class IngressApplication: Sendable {
    /// The configuration it was built from.
    public let configuration: IngressApplicationConfiguration
    /// Every service, in start order (a `ServiceGroup` stops them in reverse).
    public let services: [any Service]
    private let logger: Logger
    private let bound: BoundPorts
    private let endpoint: NotificationEndpoint
    private let operationalRoutes: OperationalRoutes

    /// Builds every client; the producer connects in the background.
    ///
    /// - Parameters:
    ///   - configuration: Checked with ``IngressApplicationConfiguration/validate()`` first.
    ///   - registry: What `/metrics` serves.
    ///   - metricsFactory: Where the ingress's metrics are created; default one on `registry`.
    ///   - logger: Receives the ingress's logs; tokens are never logged.
    ///   - onServerRunning: Called with the bound ports once both servers listen.
    /// - Throws: ``IngressConfigurationError`` for settings that cannot work; `KafkaError` when the
    ///   producer configuration is rejected.
    public convenience init(
        configuration: IngressApplicationConfiguration,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        metricsFactory: (any MetricsFactory)? = nil,
        logger: Logger,
        onServerRunning: @escaping @Sendable (IngressPorts) async -> Void = { _ in }
    ) throws {
        try configuration.validate()
        let producer = try KafkaProducer(configuration: configuration.kafka, logger: logger)
        try self.init(
            configuration: configuration,
            sink: KafkaNotificationSink(producer: producer, topic: configuration.notificationsTopic),
            keyFetcher: nil,
            registry: registry,
            metricsFactory: metricsFactory,
            logger: logger,
            onServerRunning: onServerRunning
        )
    }

    /// Builds the ingress around `sink` (tests pass an in-memory one) and, when given, `keyFetcher`.
    init(
        configuration: IngressApplicationConfiguration,
        sink: any NotificationSink,
        keyFetcher: (any SigningKeyFetching)?,
        registry: PrometheusCollectorRegistry,
        metricsFactory: (any MetricsFactory)? = nil,
        logger: Logger,
        onServerRunning: @escaping @Sendable (IngressPorts) async -> Void = { _ in },
        keyStoreClock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) throws(IngressConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        let bound = BoundPorts(onServerRunning: onServerRunning)
        self.bound = bound
        let authentication = configuration.authentication
        let metrics = IngressMetrics(factory: metricsFactory ?? PrometheusMetricsFactory(registry: registry))
        var validator: BearerTokenValidator?
        var keyStore: SigningKeyStore?
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
            logger.warning("Authentication is OFF: anyone who can reach this port can inject call notifications")
        }
        let limiter = InFlightLimiter(limit: configuration.maxInFlight)
        let endpoint = NotificationEndpoint(
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
        let operationalRoutes = OperationalRoutes(
            registry: registry,
            versions: [("switchboard", SwitchboardBuild.version), ("librdkafka", KafkaLibrary.version)],
            readiness: { await readiness.status() })
        self.endpoint = endpoint
        self.operationalRoutes = operationalRoutes
        let producer = ProducerFlush(sink: sink, flushTimeout: configuration.shutdownFlushTimeout, logger: logger)
        services = [
            producer,
            NamedServer(
                "the ingress's health server (/healthz, /readyz, /metrics)", host: configuration.host, port: configuration.healthPort,
                base: Self.operationsServer(configuration: configuration, routes: operationalRoutes, bound: bound, logger: logger)),
        ] + (keyStore.map { [$0] } ?? []) + [
            NamedServer(
                "the ingress's webhook", host: configuration.host, port: configuration.port,
                base: Self.webhookServer(configuration: configuration, endpoint: endpoint, bound: bound, logger: logger))
        ]
    }

    /// The port the webhook listens on, once it does (useful with port 0).
    public var port: Int? { bound.ports.webhook }

    /// The port of `/healthz`, `/readyz` and `/metrics`, once the server listens (useful with port 0).
    public var healthPort: Int? { bound.ports.health }

    /// Runs every service until SIGTERM or SIGINT (or an error) stops them in the order the type's
    /// documentation states.
    ///
    /// - Parameter first: Services started before the ingress's and stopped after them, such as a tracer
    ///   that must export the last spans.
    public func run(first: [any Service] = []) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: first + services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// A webhook server like the one in ``services`` (tests drive it directly).
    func makeApplication() -> some ApplicationProtocol {
        Self.webhookServer(configuration: configuration, endpoint: endpoint, bound: bound, logger: logger)
    }

    /// An operations server like the one in ``services`` (tests drive it directly).
    func makeHealthApplication() -> some ApplicationProtocol {
        Self.operationsServer(configuration: configuration, routes: operationalRoutes, bound: bound, logger: logger)
    }

    /// The webhook's Hummingbird application.
    private static func webhookServer(
        configuration: IngressApplicationConfiguration, endpoint: NotificationEndpoint, bound: BoundPorts, logger: Logger
    ) -> some ApplicationProtocol {
        let limits = configuration.connections
        return Application(
            router: IngressRouter.make(endpoint: endpoint),
            server: Self.server(limits),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                logger.info(
                    "The ingress is listening",
                    metadata: ["http.host": "\(configuration.host)", "http.port": "\(port)",
                               "kafka.topic": "\(configuration.notificationsTopic)"]
                )
                await bound.listening(webhook: port)
            },
            logger: logger
        )
    }

    /// The operational routes' Hummingbird application; the same slow-client limits as the webhook.
    private static func operationsServer(
        configuration: IngressApplicationConfiguration, routes: OperationalRoutes, bound: BoundPorts, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        routes.register(on: router)
        return Application(
            router: router,
            server: Self.server(configuration.connections),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.healthPort),
                serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.connections.maxConnections, logger: logger)
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.healthPort
                logger.info("The ingress's health routes are listening", metadata: ["http.port": "\(port)"])
                await bound.listening(health: port)
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

    /// The ports the two servers bound, and who to tell once both are known.
    private final class BoundPorts: Sendable {
        private let state = Mutex<(webhook: Int?, health: Int?)>((nil, nil))
        private let onServerRunning: @Sendable (IngressPorts) async -> Void

        init(onServerRunning: @escaping @Sendable (IngressPorts) async -> Void) {
            self.onServerRunning = onServerRunning
        }

        var ports: (webhook: Int?, health: Int?) { state.withLock { $0 } }

        /// Notes a bound port; calls `onServerRunning` once both are known.
        func listening(webhook: Int? = nil, health: Int? = nil) async {
            let ports: IngressPorts? = state.withLock { bound in
                if let webhook { bound.webhook = webhook }
                if let health { bound.health = health }
                guard let webhook = bound.webhook, let health = bound.health else { return nil }
                return IngressPorts(webhook: webhook, health: health)
            }
            if let ports { await onServerRunning(ports) }
        }
    }

    /// The producer behind the sink: flushed and closed when the group shuts down, after the webhook
    /// (which sends with it) stopped.
    private struct ProducerFlush: Service {
        let sink: any NotificationSink
        let flushTimeout: Duration
        let logger: Logger

        func run() async throws {
            try? await gracefulShutdown()
            logger.info("Flushing the producer before exit")
            await sink.shutdown(flushTimeout: flushTimeout)
            logger.info("The ingress stopped")
        }
    }
}
