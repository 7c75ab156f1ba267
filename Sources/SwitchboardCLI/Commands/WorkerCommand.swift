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

    @Option(help: "Topic of incoming notifications. Env SWITCHBOARD_NOTIFICATIONS_TOPIC, default calls.notifications.")
    var notificationsTopic: String?

    @Option(help: "Topic outcomes are published to (co-partitioned). Env SWITCHBOARD_OUTCOMES_TOPIC, default calls.redirect-outcomes.")
    var outcomesTopic: String?

    @Option(help: "Dead-letter topic. Env SWITCHBOARD_DLQ_TOPIC, default calls.notifications.dlq.")
    var dlqTopic: String?

    @Option(help: "Consumer group. Env SWITCHBOARD_CONSUMER_GROUP, default switchboard-worker.")
    var consumerGroup: String?

    @Option(
        help: """
            How long a worker that died unannounced keeps its partitions; calls arriving on them meanwhile wait \
            and may expire. Env SWITCHBOARD_SESSION_TIMEOUT, default 10s (brokers accept 6s and up by default).
            """
    )
    var sessionTimeout: String?

    @Option(
        help: """
            Static group member id (KIP-345), e.g. the StatefulSet pod name: a restarted worker takes its own \
            partitions back without a rebalance; a crashed one keeps them until the session timeout. \
            Env SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID, default none (dynamic membership).
            """
    )
    var kafkaGroupInstanceID: String?

    @Option(
        help: """
            Consumer group protocol: classic, or consumer (KIP-848: incremental rebalances run by the broker; \
            Kafka 4.0+ brokers and librdkafka \(KafkaLibraryVersion.consumerGroupProtocol)+). \
            Env SWITCHBOARD_KAFKA_GROUP_PROTOCOL, default classic.
            """
    )
    var kafkaGroupProtocol: String?

    @Option(help: "Routing rules YAML file, reloaded on change. Env SWITCHBOARD_RULES_FILE (required).")
    var rulesFile: String?

    @Option(
        help: ArgumentHelp(
            "Candidate routing rules decided beside the live ones for every call and only counted "
                + "(switchboard_worker_shadow_disagreements_total), reloaded on change. Env SWITCHBOARD_SHADOW_RULES_FILE, default none."))
    var shadowRulesFile: String?

    @Option(help: "Graph base URL. Env SWITCHBOARD_GRAPH_BASE_URL, default https://graph.microsoft.com.")
    var graphBaseURL: String?

    @Option(
        help: """
            Token authority, https (plain http only on loopback). Env SWITCHBOARD_GRAPH_AUTHORITY, default \
            https://login.microsoftonline.com; with workload identity AZURE_AUTHORITY_HOST.
            """
    )
    var graphAuthority: String?

    @Option(help: "Graph API version, v1.0 or beta (mask flags and routing policies need beta). Env SWITCHBOARD_GRAPH_API_VERSION, default v1.0.")
    var graphAPIVersion: String?

    @Option(help: "The bot's application (client) id. Env SWITCHBOARD_GRAPH_CLIENT_ID (required; with workload identity AZURE_CLIENT_ID).")
    var graphClientID: String?

    @OptionGroup(title: "Graph credential (exactly one: secret, certificate, or workload identity from AZURE_* variables)")
    var graphCredentials: GraphCredentialOptions

    @Option(help: "Tenants whose tokens are fetched at start, comma-separated. Env SWITCHBOARD_GRAPH_TENANTS.")
    var graphTenants: [String] = []

    @Option(help: "Extra trusted CA certificate (PEM) for Graph, e.g. the simulator's. Env SWITCHBOARD_GRAPH_CA_FILE.")
    var graphCAFile: String?

    @Option(help: "Most records held at once (running or queued behind their call). Env SWITCHBOARD_MAX_IN_FLIGHT, default 1024.")
    var maxInFlight: Int?

    @Option(help: "Ordering: key (per call, concurrent) or partition (one at a time, a baseline). Env SWITCHBOARD_ORDERING, default key.")
    var ordering: String?

    @Option(help: "Time kept in hand before a call's 15 s window closes. Env SWITCHBOARD_SAFETY_MARGIN, default 1s.")
    var safetyMargin: String?

    @Option(help: "How long revokes and shutdown wait for running calls. Env SWITCHBOARD_DRAIN_TIMEOUT, default 15s.")
    var drainTimeout: String?

    @Option(help: "How often finished offsets are committed. Env SWITCHBOARD_COMMIT_INTERVAL, default 1s.")
    var commitInterval: String?

    @Option(help: "Port of /healthz, /readyz and /metrics. Env SWITCHBOARD_HEALTH_PORT, default 8081.")
    var healthPort: Int?

    @Option(
        help: """
            HTTP/2 connections to Graph; each carries as many concurrent redirects as Graph allows streams \
            (often 100). Env SWITCHBOARD_GRAPH_CONNECTIONS, default 4.
            """
    )
    var graphConnections: Int?

    @Option(
        help: """
            How long one redirect attempt may wait for Graph before it is retried (never past the call's \
            deadline). Env SWITCHBOARD_GRAPH_ATTEMPT_TIMEOUT, default 5s.
            """
    )
    var graphAttemptTimeout: String?

    @Option(
        help: """
            Redirects this worker sends per tenant per 15 s; a burst beyond it queues briefly instead of drawing \
            429s. Graph allows 50,000 per app per tenant in all: with N workers near that, use 50000/N. \
            Env SWITCHBOARD_GRAPH_RATE_LIMIT, default 50000.
            """
    )
    var graphRateLimit: Int?

    @Flag(
        name: .customLong("insecure-allow-unverified-tenant"),
        help: """
            Process records without the tenant the ingress verified, as an ingress with --insecure-disable-auth \
            writes them; otherwise they go to the DLQ. Local development only (env SWITCHBOARD_INSECURE_ALLOW_UNVERIFIED_TENANT=true).
            """
    )
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
                producer: KafkaProducerConfiguration(client: settings.kafka), graph: settings.graph,
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
