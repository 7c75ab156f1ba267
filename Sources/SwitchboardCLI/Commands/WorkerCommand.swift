import ArgumentParser
import CallModel
import Foundation
import Graph
import Kafka
import Logging
import Metrics
import Observability
import Prometheus
import ServiceLifecycle
import Worker
import SwitchboardCLISupport

/// `switchboard worker`: consumes call notifications, redirects calls through Graph, publishes outcomes.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Consume call notifications from Kafka, redirect incoming calls through Graph, publish outcomes.",
        discussion: """
            Every setting is a flag or a SWITCHBOARD_… environment variable (the flag wins). The Graph credential \
            is one of a client secret (SWITCHBOARD_GRAPH_CLIENT_SECRET or a file), a certificate and key in PEM \
            files, or workload identity (AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID, \
            AZURE_AUTHORITY_HOST); keys and secrets never come from flags. Serves /healthz, /readyz and \
            /metrics on the health port, and prints its URL as the first line of standard output. SIGTERM/SIGINT: stop taking records, let running calls finish (at most \
            the drain timeout), commit, leave the group.
            """
    )

    @OptionGroup var kafka: KafkaOptions

    @Option(name: WorkerSetting.notificationsTopic.name, help: WorkerSetting.notificationsTopic.help)
    var notificationsTopic: String?

    @Option(name: WorkerSetting.outcomesTopic.name, help: WorkerSetting.outcomesTopic.help)
    var outcomesTopic: String?

    @Option(name: WorkerSetting.dlqTopic.name, help: WorkerSetting.dlqTopic.help)
    var dlqTopic: String?

    @Option(name: WorkerSetting.consumerGroup.name, help: WorkerSetting.consumerGroup.help)
    var consumerGroup: String?

    @Option(name: WorkerSetting.sessionTimeout.name, help: WorkerSetting.sessionTimeout.help)
    var sessionTimeout: String?

    @Option(name: WorkerSetting.kafkaGroupInstanceID.name, help: WorkerSetting.kafkaGroupInstanceID.help)
    var kafkaGroupInstanceID: String?

    @Option(name: WorkerSetting.kafkaGroupProtocol.name, help: WorkerSetting.kafkaGroupProtocol.help)
    var kafkaGroupProtocol: String?

    @Option(name: WorkerSetting.rulesFile.name, help: WorkerSetting.rulesFile.help)
    var rulesFile: String?

    @Option(name: WorkerSetting.shadowRulesFile.name, help: WorkerSetting.shadowRulesFile.help)
    var shadowRulesFile: String?

    @Option(name: WorkerSetting.graphBaseURL.name, help: WorkerSetting.graphBaseURL.help)
    var graphBaseURL: String?

    @Option(name: GraphCredentialSetting.authority.name, help: GraphCredentialSetting.authority.help)
    var graphAuthority: String?

    @Option(name: WorkerSetting.graphAPIVersion.name, help: WorkerSetting.graphAPIVersion.help)
    var graphAPIVersion: String?

    @Option(name: GraphCredentialSetting.clientID.name, help: GraphCredentialSetting.clientID.help)
    var graphClientID: String?

    @OptionGroup(title: "Graph credential (exactly one: secret, certificate, or workload identity from AZURE_* variables)")
    var graphCredentials: GraphCredentialOptions

    @Option(name: WorkerSetting.graphTenants.name, help: WorkerSetting.graphTenants.help)
    var graphTenants: [String] = []

    @Option(name: WorkerSetting.graphCAFile.name, help: WorkerSetting.graphCAFile.help)
    var graphCAFile: String?

    @Option(name: WorkerSetting.maxInFlight.name, help: WorkerSetting.maxInFlight.help)
    var maxInFlight: Int?

    @Option(name: WorkerSetting.ordering.name, help: WorkerSetting.ordering.help)
    var ordering: String?

    @Option(name: WorkerSetting.safetyMargin.name, help: WorkerSetting.safetyMargin.help)
    var safetyMargin: String?

    @Option(name: WorkerSetting.drainTimeout.name, help: WorkerSetting.drainTimeout.help)
    var drainTimeout: String?

    @Option(name: WorkerSetting.commitInterval.name, help: WorkerSetting.commitInterval.help)
    var commitInterval: String?

    @Option(name: WorkerSetting.healthPort.name, help: WorkerSetting.healthPort.help)
    var healthPort: Int?

    @Option(name: WorkerSetting.graphConnections.name, help: WorkerSetting.graphConnections.help)
    var graphConnections: Int?

    @Option(name: WorkerSetting.graphAttemptTimeout.name, help: WorkerSetting.graphAttemptTimeout.help)
    var graphAttemptTimeout: String?

    @Option(name: WorkerSetting.graphRateLimit.name, help: WorkerSetting.graphRateLimit.help)
    var graphRateLimit: Int?

    @Flag(name: WorkerSetting.insecureAllowUnverifiedTenant.name, help: WorkerSetting.insecureAllowUnverifiedTenant.help)
    var insecureAllowUnverifiedTenant = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let environment = SettingsEnvironment.process
        let settings = try resolve(environment, standardErrorIsTerminal: LoggingOptions.standardErrorIsTerminal)
        LoggingSystem.bootstrap(settings.logFormat.handlerFactory(level: settings.logLevel))
        let logger = Logger(label: "switchboard.worker")
        let tracing = try TracingBootstrap.bootstrap(serviceName: "switchboard-worker", environment: environment.variables)
        logger.info(
            "Switchboard worker starting",
            metadata: ["switchboard.version": "\(SwitchboardVersion.current)", "librdkafka.version": "\(KafkaLibrary.version)"]
        )
        if !KafkaLibrary.keepsPartitionsOnCooperativeRebalance && settings.consumer.groupProtocol == .classic {
            logger.warning(
                "This librdkafka revokes every partition of every worker on a cooperative rebalance, so each deploy or scale event pauses all calls for a rebalance round; load librdkafka \(KafkaLibraryVersion.keepsPartitionsOnCooperativeRebalance) or later (README, librdkafka)",
                metadata: ["librdkafka.version": "\(KafkaLibrary.version)"]
            )
        }
        logger.info(
            "Graph credential",
            metadata: [
                "graph.auth": "\(settings.graph.credential.mode)", "graph.credential": "\(settings.graph.credential)",
                "graph.client_id": "\(settings.graph.clientID)", "graph.authority": "\(settings.graph.endpoint.authority)",
            ])
        let registry = PrometheusCollectorRegistry()
        let metrics = WorkerApplication.metricsFactory(registry: registry)
        MetricsSystem.bootstrap(metrics)
        let application = try WorkerApplication(
            configuration: WorkerApplicationConfiguration(
                worker: settings.worker, consumer: settings.consumer,
                producer: WorkerApplicationConfiguration.outcomeProducer(client: settings.kafka), graph: settings.graph,
                rulesPath: settings.rulesPath,
                shadowRulesPath: settings.shadowRulesPath,
                operations: WorkerApplicationConfiguration.OperationsServer(
                    port: settings.healthPort,
                    onListening: { port in
                        // The first line of stdout is the health URL (the bound port with --health-port 0),
                        // written unbuffered for a parent process waiting for it.
                        FileHandle.standardOutput.write(Data("http://127.0.0.1:\(port)\n".utf8))
                    }),
                versions: SwitchboardVersion.components),
            registry: registry, metricsFactory: metrics, logger: logger)
        do {
            // The tracer starts first and stops last, so the worker's last spans are exported.
            try await application.run(first: tracing.map { [$0] } ?? [])
        } catch {
            logger.error("Worker stopped with an error", metadata: ["error": "\(error)"])
            throw error
        }
    }
}
