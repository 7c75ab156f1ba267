import Graph
import Kafka
public import Logging
public import Metrics
import Observability
public import Prometheus
public import ServiceLifecycle

/// One worker, put together once: the outcome producer, the Graph client, the rules file watcher, the
/// ``WorkerService`` and its operations server, each a `Service`, in the order they start and stop.
///
/// `switchboard worker` runs it on its own (``run()``); `switchboard-dev dev`
/// and `bench pipeline` put its ``services`` into their own `ServiceGroup`.
///
/// Start order is ``services``' order; a `ServiceGroup` stops them in reverse:
/// 1. the worker stops taking records, lets running calls finish (at most the drain timeout), commits
///    and leaves the group, while `/readyz` already reports it;
/// 2. the rules file watchers (live, then shadow) stop;
/// 3. the operations server stops;
/// 4. the producer flushes its queued outcomes and closes, then the Graph client closes.
public final class WorkerApplication: Sendable {
    /// The configuration it was built from.
    public let configuration: WorkerApplicationConfiguration
    /// The worker (its readiness and load).
    public let service: WorkerService
    /// Every service, in start order (a `ServiceGroup` stops them in reverse).
    public let services: [any Service]
    private let graph: GraphClient
    private let logger: Logger

    /// Builds every client.
    ///
    /// - Parameters:
    ///   - configuration: Checked with ``WorkerApplicationConfiguration/validate()`` first.
    ///   - registry: What `/metrics` serves; the worker, Graph client and rules file report to `metricsFactory`.
    ///   - metricsFactory: Where the worker's metrics go; default one on `registry` with the worker's
    ///     histogram buckets (``metricsFactory(registry:)``).
    ///   - logger: The worker's logger.
    /// - Throws: ``WorkerError`` for the configuration, the rules file or the consumer; the Graph client's
    ///   and the producer's errors as they throw them.
    public init(
        configuration: WorkerApplicationConfiguration,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        metricsFactory: (any MetricsFactory)? = nil,
        logger: Logger
    ) throws {
        try configuration.validate()
        if !configuration.worker.requireVerifiedTenant {
            logger.warning(
                "Records without a tenant the ingress verified are processed (--insecure-allow-unverified-tenant): anyone who can write to the notifications topic can have calls redirected; local development only"
            )
        }
        let metrics = metricsFactory ?? Self.metricsFactory(registry: registry)
        self.configuration = configuration
        self.logger = logger
        let rules = try RoutingRulesFile(
            path: configuration.rulesPath, apiVersion: configuration.graph.endpoint.apiVersion,
            pollInterval: configuration.rulesPollInterval, metricsFactory: metrics, logger: logger)
        let shadowRules = try configuration.shadowRulesPath.map { path in
            try RoutingRulesFile(
                path: path, apiVersion: configuration.graph.endpoint.apiVersion,
                pollInterval: configuration.rulesPollInterval, role: .shadow, metricsFactory: metrics, logger: logger)
        }
        var graphConfiguration = configuration.graph
        graphConfiguration.metricsFactory = graphConfiguration.metricsFactory ?? metrics
        let graph = try GraphClient(configuration: graphConfiguration, logger: logger)
        self.graph = graph
        let producer = try KafkaProducer(configuration: configuration.producer, logger: logger)
        let service = try WorkerService(
            configuration: configuration.worker, consumerConfiguration: configuration.consumer, producer: producer,
            graph: graph, rules: rules, shadowRules: shadowRules, metricsFactory: metrics, logger: logger)
        self.service = service
        let clients = Clients(producer: producer, flushTimeout: configuration.producerFlushTimeout, graph: graph)
        if let operations = configuration.operations {
            let routes = OperationalRoutes(registry: registry, versions: configuration.versions, readiness: { service.readiness })
            let server = routes.server(
                "the worker's health server (/healthz, /readyz, /metrics)", host: operations.host, port: operations.port, logger: logger, onListening: operations.onListening)
            services = [clients, server, rules] + (shadowRules.map { [$0] } ?? []) + [service]
        } else {
            services = [clients, rules] + (shadowRules.map { [$0] } ?? []) + [service]
        }
    }

    /// Fetches the configured tenants' Graph tokens, so the first calls do not wait for them.
    public func prewarm() async {
        await graph.prewarm()
    }

    /// Prewarms, then runs every service until SIGTERM or SIGINT (or an error) stops them in the order
    /// the type's documentation states.
    ///
    /// - Parameter first: Services started before the worker's and stopped after them, such as a
    ///   tracer that must export the last spans.
    public func run(first: [any Service] = []) async throws {
        await prewarm()
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: first + services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// A metrics factory on `registry` with the worker's histogram buckets: receive → Graph 202 lives
    /// inside the 15 s window, and the slack is what is left of it (negative: late).
    public static func metricsFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var metrics = PrometheusMetricsFactory(registry: registry)
        metrics.durationHistogramBuckets["switchboard_worker_redirect_latency_seconds"] = [
            .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(300), .milliseconds(500),
            .milliseconds(750), .seconds(1), .seconds(2), .seconds(3), .seconds(5), .seconds(8), .seconds(12), .seconds(15),
        ]
        metrics.valueHistogramBuckets["switchboard_worker_deadline_slack_seconds"] = [
            -1, 0, 1, 2, 3, 5, 8, 10, 12, 13, 14, 14.5, 15,
        ]
        return metrics
    }

    /// The producer and the Graph client: released when the group shuts down, after the worker (which
    /// uses both) stopped.
    private struct Clients: Service {
        let producer: KafkaProducer
        let flushTimeout: Duration
        let graph: GraphClient

        func run() async throws {
            try? await gracefulShutdown()
            await producer.shutdown(flushTimeout: flushTimeout)
            try? await graph.shutdown()
        }
    }
}
