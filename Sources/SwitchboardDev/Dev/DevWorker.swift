import Graph
import GraphSimulator
import Kafka
import Logging
import ServiceLifecycle
import Topology
import Worker
import SwitchboardCLISupport

/// One worker of `switchboard-dev dev`, built by the same ``WorkerApplication`` as `switchboard worker`:
/// the rules file (reloaded on change), a Graph client pointed at the simulator, an outcome producer, the
/// worker service, and its health server.
struct DevWorker: Sendable {
    /// 0-based.
    let index: Int
    let service: WorkerService
    /// Everything to run, in start order (stopped in reverse, as ``WorkerApplication`` states).
    let services: [any Service]

    init(
        index: Int, settings: DevSettings, catalog: TopicCatalog, kafka: KafkaClientConfiguration, rulesPath: String,
        shadowRulesPath: String? = nil, credential: GraphCredential, logger: Logger
    ) throws {
        self.index = index
        var client = kafka
        client.clientID = "switchboard-dev-worker-\(index + 1)"
        let port = settings.workerHealthPort == 0 ? 0 : settings.workerHealthPort + index
        let worker = WorkerConfiguration(
            notificationsTopic: catalog.notifications.name, outcomesTopic: catalog.outcomes.name,
            deadLetterTopic: catalog.deadLetters.name)
        let application = try WorkerApplication(
            configuration: WorkerApplicationConfiguration(
                worker: worker,
                // Short sessions: a worker stopped with Ctrl-C twice is replaced in seconds, not 45.
                consumer: KafkaConsumerConfiguration(
                    client: client, groupID: "switchboard-dev-workers", sessionTimeout: .seconds(6),
                    heartbeatInterval: .seconds(1), fetchWaitMax: KafkaMockCluster.consumerFetchWaitMax),
                producer: WorkerApplicationConfiguration.outcomeProducer(client: client),
                producerFlushTimeout: .seconds(5),
                graph: GraphClientConfiguration(
                    clientID: DevSettings.Defaults.clientID, credential: credential,
                    endpoint: GraphEndpoint(baseURL: settings.simulatorURL, authority: settings.simulatorURL, apiVersion: settings.graphAPIVersion),
                    // As `switchboard worker` sizes it: a stream for every call in flight.
                    http2Connections: GraphClientConfiguration.http2Connections(forConcurrentRedirects: worker.maxInFlight),
                    prewarmTenants: [SimulatorDefaults.tenantID]),
                rulesPath: rulesPath,
                shadowRulesPath: shadowRulesPath,
                operations: WorkerApplicationConfiguration.OperationsServer(host: "127.0.0.1", port: port),
                versions: SwitchboardVersion.components),
            logger: logger)
        service = application.service
        services = application.services
    }
}
