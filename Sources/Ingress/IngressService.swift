import AsyncHTTPClient
import Hummingbird
import Kafka
import Logging
import Metrics
import Observability
import Prometheus
import ServiceLifecycle
import Synchronization

/// The HTTP ingress: Graph's webhook in front of the notifications topic.
///
/// Owns the Kafka producer and the HTTP server. Run it in a `ServiceGroup`:
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
    private let onServerRunning: @Sendable (Int) async -> Void
    private let boundPort = Mutex<Int?>(nil)

    /// Creates the ingress and its Kafka producer (which connects in the background).
    ///
    /// - Parameters:
    ///   - configuration: Listening, token checks, limits and the producer.
    ///   - logger: Receives the ingress's logs; tokens are never logged.
    ///   - metricsFactory: Where the ingress's metrics are created.
    ///   - metricsRegistry: What `/metrics` serves (normally the registry behind `metricsFactory`).
    ///   - onServerRunning: Called with the bound port once the server listens.
    /// - Throws: ``IngressConfigurationError`` for settings that cannot work; `KafkaError` when the
    ///   producer configuration is rejected.
    public convenience init(
        configuration: IngressConfiguration,
        logger: Logger,
        metricsFactory: any MetricsFactory,
        metricsRegistry: PrometheusCollectorRegistry,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
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
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(IngressConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.sink = sink
        self.logger = logger
        self.onServerRunning = onServerRunning
        let authentication = configuration.authentication
        var validator: BearerTokenValidator?
        if authentication.isEnabled {
            let fetcher = keyFetcher ?? OpenIDKeyFetcher(
                metadataURL: authentication.openIDMetadataURL,
                httpClient: .shared,
                timeout: authentication.fetchTimeout,
                logger: logger
            )
            let store = SigningKeyStore(
                fetcher: fetcher,
                refreshInterval: authentication.keyRefreshInterval,
                unknownKeyRefreshInterval: authentication.unknownKeyRefreshInterval,
                logger: logger
            )
            keyStore = store
            validator = BearerTokenValidator(configuration: authentication, keys: store)
        } else {
            keyStore = nil
        }
        let limiter = InFlightLimiter(limit: configuration.maxInFlight)
        endpoint = NotificationEndpoint(
            validator: validator,
            handoff: NotificationHandoff(sink: sink, produceTimeout: configuration.produceTimeout),
            limiter: limiter,
            maxBodyBytes: configuration.maxBodyBytes,
            metrics: IngressMetrics(factory: metricsFactory)
        )
        let readiness = ReadinessProbe(sink: sink, limiter: limiter, keys: keyStore)
        operationalRoutes = OperationalRoutes(registry: metricsRegistry, readiness: { await readiness.status() })
    }

    /// The port the server listens on, once it does (useful with port 0).
    public var port: Int? { boundPort.withLock { $0 } }

    /// Serves until the service group shuts down, then drains and flushes.
    public func run() async throws {
        if !configuration.authentication.isEnabled {
            logger.warning("Authentication is OFF: anyone who can reach this port can inject call notifications")
        }
        let application = makeApplication()
        try await withThrowingDiscardingTaskGroup { group in
            if let keyStore {
                group.addTask { await keyStore.runRefreshLoop() }
            }
            try await application.run()
            group.cancelAll()
        }
        logger.info("Flushing the producer before exit")
        await sink.shutdown(flushTimeout: configuration.shutdownFlushTimeout)
        logger.info("The ingress stopped")
    }

    /// The Hummingbird application serving the routes (tests drive it directly).
    func makeApplication() -> some ApplicationProtocol {
        Application(
            router: IngressRouter.make(endpoint: endpoint, operational: operationalRoutes),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil
            ),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.port
                boundPort.withLock { $0 = port }
                logger.info(
                    "The ingress is listening",
                    metadata: ["http.host": "\(configuration.host)", "http.port": "\(port)",
                               "kafka.topic": "\(configuration.notificationsTopic)"]
                )
                await onServerRunning(port)
            },
            logger: logger
        )
    }
}
