import Graph
import GraphSimulator
import Hummingbird
import Kafka
import Logging
import Observability
import Prometheus
import ServiceLifecycle
import Topology
import Worker

/// One worker of `switchboard dev`, assembled as `switchboard worker` assembles it: the rules file
/// (reloaded on change), a Graph client pointed at the simulator, an outcome producer, the worker
/// service, and its health server.
struct DevWorker: Sendable {
    /// 0-based.
    let index: Int
    let service: WorkerService
    /// Everything to run, in start order (stopped in reverse: the worker drains before its health server stops).
    let services: [any Service]

    init(
        index: Int, settings: DevSettings, catalog: TopicCatalog, kafka: KafkaClientConfiguration, rulesPath: String,
        shadowRulesPath: String? = nil, credential: GraphCredential, logger: Logger
    ) throws {
        self.index = index
        let registry = PrometheusCollectorRegistry()
        let metrics = PrometheusMetricsFactory(registry: registry)
        let rules = try RoutingRulesFile(path: rulesPath, apiVersion: settings.graphAPIVersion, metricsFactory: metrics, logger: logger)
        let shadowRules = try shadowRulesPath.map {
            try RoutingRulesFile(path: $0, apiVersion: settings.graphAPIVersion, role: .shadow, metricsFactory: metrics, logger: logger)
        }
        let graph = try GraphClient(
            configuration: GraphClientConfiguration(
                clientID: DevSettings.Defaults.clientID, credential: credential,
                endpoint: GraphEndpoint(baseURL: settings.simulatorURL, authority: settings.simulatorURL, apiVersion: settings.graphAPIVersion),
                prewarmTenants: [SimulatorDefaults.tenantID], metricsFactory: metrics),
            logger: logger)
        var client = kafka
        client.clientID = "switchboard-dev-worker-\(index + 1)"
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
        service = try WorkerService(
            configuration: WorkerConfiguration(
                notificationsTopic: catalog.notifications.name, outcomesTopic: catalog.outcomes.name,
                deadLetterTopic: catalog.deadLetters.name),
            // Short sessions: a worker stopped with Ctrl-C twice is replaced in seconds, not 45.
            consumerConfiguration: KafkaConsumerConfiguration(
                client: DevWorker.consumerClient(client), groupID: "switchboard-dev-workers", sessionTimeout: .seconds(6),
                heartbeatInterval: .seconds(1)),
            producer: producer, graph: graph, rules: rules, shadowRules: shadowRules, metricsFactory: metrics, logger: logger)
        let router = Router()
        let worker = service
        OperationalRoutes(registry: registry, versions: SwitchboardVersion.components, readiness: { worker.readiness })
            .register(on: router)
        let port = settings.workerHealthPort == 0 ? 0 : settings.workerHealthPort + index
        let health = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)), logger: logger)
        // Stopped in reverse: the worker drains and commits, then its producer is flushed and closed
        // while the embedded brokers still run.
        var services: [any Service] = [Clients(producer: producer, graph: graph), health, rules]
        if let shadowRules { services.append(shadowRules) }
        self.services = services + [service]
    }

    /// `client` for a consumer of the embedded cluster: librdkafka 2.0.2's mock broker holds a waiting
    /// fetch for the whole `fetch.wait.max.ms` (500 ms by default) even when records arrive, which a
    /// real broker does not; a short wait keeps the latency `dev` shows close to a real cluster's.
    static func consumerClient(_ client: KafkaClientConfiguration) -> KafkaClientConfiguration {
        var client = client
        client.additionalProperties["fetch.wait.max.ms"] = "25"
        return client
    }

    /// The worker's producer and Graph client: released on graceful shutdown, after the worker stopped.
    private struct Clients: Service {
        let producer: KafkaProducer
        let graph: GraphClient

        func run() async throws {
            try? await gracefulShutdown()
            await producer.shutdown(flushTimeout: .seconds(5))
            try? await graph.shutdown()
        }
    }
}
