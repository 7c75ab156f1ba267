import CallModel
import Graph
import Kafka
import SwitchboardCLISupport
import Worker

/// The settings of `switchboard worker`; each default is the worker's, consumer's or Graph client's own.
enum WorkerSetting {
    private static let defaults = WorkerConfiguration()
    private static let graph = GraphClientConfiguration(clientID: "", credential: .clientSecret(""))

    static let notificationsTopic = Setting(
        flag: "notifications-topic", variable: "SWITCHBOARD_NOTIFICATIONS_TOPIC", default: defaults.notificationsTopic,
        abstract: "Topic of incoming notifications", valueName: "topic")
    static let outcomesTopic = Setting(
        flag: "outcomes-topic", variable: "SWITCHBOARD_OUTCOMES_TOPIC", default: defaults.outcomesTopic,
        abstract: "Topic outcomes are published to (co-partitioned)", valueName: "topic")
    static let dlqTopic = Setting(
        flag: "dlq-topic", variable: "SWITCHBOARD_DLQ_TOPIC", default: defaults.deadLetterTopic,
        abstract: "Dead-letter topic", valueName: "topic")
    static let consumerGroup = Setting(
        flag: "consumer-group", variable: "SWITCHBOARD_CONSUMER_GROUP", default: "switchboard-worker",
        abstract: "Consumer group", valueName: "group")
    // Not librdkafka's 45 s: calls live 15 s, so a crashed worker's partitions must move in seconds.
    // A clean shutdown leaves the group at once; this only bounds crashes and lost nodes.
    static let sessionTimeout = Setting.duration(
        flag: "session-timeout", variable: "SWITCHBOARD_SESSION_TIMEOUT", default: .seconds(10),
        abstract: "How long a worker that died unannounced keeps its partitions; calls arriving on them meanwhile wait and may expire (brokers accept 6s and up by default)")
    static let kafkaGroupInstanceID = Setting<String?>(
        flag: "kafka-group-instance-id", variable: "SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID", defaultText: "none (dynamic membership)",
        abstract: "Static group member id (KIP-345), e.g. the StatefulSet pod name: a restarted worker takes its own partitions back without a rebalance; a crashed one keeps them until the session timeout",
        valueName: "id")
    static let kafkaGroupProtocol = Setting<KafkaConsumerConfiguration.GroupProtocol>(
        flag: "kafka-group-protocol", variable: "SWITCHBOARD_KAFKA_GROUP_PROTOCOL", default: .classic, defaultText: "classic",
        abstract: "Consumer group protocol: classic, or consumer (KIP-848: incremental rebalances run by the broker; Kafka 4.0+ brokers and librdkafka \(KafkaLibraryVersion.consumerGroupProtocol)+)",
        valueName: "protocol", expected: "classic or consumer", parse: { KafkaConsumerConfiguration.GroupProtocol(rawValue: $0) })
    static let rulesFile = Setting<String?>(
        flag: "rules-file", variable: "SWITCHBOARD_RULES_FILE", defaultText: "required",
        abstract: "Routing rules YAML file, reloaded on change", valueName: "file")
    static let shadowRulesFile = Setting<String?>(
        flag: "shadow-rules-file", variable: "SWITCHBOARD_SHADOW_RULES_FILE", defaultText: "none",
        abstract: "Candidate routing rules decided beside the live ones for every call and only counted (switchboard_worker_shadow_disagreements_total), reloaded on change",
        valueName: "file")
    static let graphBaseURL = Setting(
        flag: "graph-base-url", variable: "SWITCHBOARD_GRAPH_BASE_URL", default: graph.endpoint.baseURL,
        abstract: "Graph base URL, https (plain http only on loopback: every request carries the bot's token)", valueName: "url")
    static let graphAPIVersion = Setting<GraphAPIVersion>(
        flag: "graph-api-version", variable: "SWITCHBOARD_GRAPH_API_VERSION", default: graph.endpoint.apiVersion,
        defaultText: graph.endpoint.apiVersion.rawValue,
        abstract: "Graph API version, v1.0 or beta (mask flags and routing policies need beta)", valueName: "version",
        expected: "v1.0 or beta", parse: { GraphAPIVersion(rawValue: $0) })
    static let graphTenants = Setting.list(
        flag: "graph-tenants", variable: "SWITCHBOARD_GRAPH_TENANTS", defaultText: "the workload identity's tenant, else none",
        abstract: "Tenants whose tokens are fetched at start", valueName: "tenant-id")
    static let graphCAFile = Setting<String?>(
        flag: "graph-ca-file", variable: "SWITCHBOARD_GRAPH_CA_FILE", defaultText: "none",
        abstract: "Extra trusted CA certificate (PEM) for Graph, e.g. the simulator's", valueName: "path")
    static let maxInFlight = Setting(
        flag: "max-in-flight", variable: "SWITCHBOARD_MAX_IN_FLIGHT", default: defaults.maxInFlight,
        abstract: "Most records held at once (running or queued behind their call)", valueName: "count")
    static let ordering = Setting<WorkerOrdering>(
        flag: "ordering", variable: "SWITCHBOARD_ORDERING", default: defaults.ordering, defaultText: defaults.ordering.rawValue,
        abstract: "Ordering: key (per call, concurrent) or partition (one at a time, a baseline)", valueName: "ordering",
        expected: "key or partition", parse: { WorkerOrdering(rawValue: $0) })
    static let safetyMargin = Setting.duration(
        flag: "safety-margin", variable: "SWITCHBOARD_SAFETY_MARGIN", default: defaults.safetyMargin,
        abstract: "Time kept in hand before a call's 15 s window closes")
    static let drainTimeout = Setting.duration(
        flag: "drain-timeout", variable: "SWITCHBOARD_DRAIN_TIMEOUT", default: defaults.drainTimeout,
        abstract: "How long revokes and shutdown wait for running calls")
    static let commitInterval = Setting.duration(
        flag: "commit-interval", variable: "SWITCHBOARD_COMMIT_INTERVAL", default: defaults.commitInterval,
        abstract: "How often finished offsets are committed")
    static let healthPort = Setting(
        flag: "health-port", variable: "SWITCHBOARD_HEALTH_PORT", default: WorkerApplicationConfiguration.OperationsServer().port,
        abstract: "Port of /healthz, /readyz and /metrics", valueName: "port")
    static let graphConnections = Setting<Int?>(
        flag: "graph-connections", variable: "SWITCHBOARD_GRAPH_CONNECTIONS",
        defaultText: "one per \(GraphClientConfiguration.assumedStreamsPerConnection) of --max-in-flight "
            + "(\(GraphClientConfiguration.http2Connections(forConcurrentRedirects: defaults.maxInFlight)) at \(defaults.maxInFlight))",
        abstract: "HTTP/2 connections to Graph; each carries as many concurrent redirects as Graph allows streams (often 100), and each redirect takes the least busy",
        valueName: "count")
    static let graphAttemptTimeout = Setting.duration(
        flag: "graph-attempt-timeout", variable: "SWITCHBOARD_GRAPH_ATTEMPT_TIMEOUT", default: graph.attemptTimeout,
        abstract: "How long one redirect attempt may wait for Graph before it is retried (never past the call's deadline)")
    static let graphRateLimit = Setting(
        flag: "graph-rate-limit", variable: "SWITCHBOARD_GRAPH_RATE_LIMIT", default: graph.rateLimit.requests,
        abstract: "Redirects this worker sends per tenant per 15 s; a burst beyond it queues briefly instead of drawing 429s. Graph allows 50,000 per app per tenant in all: with N workers near that, use 50000/N",
        valueName: "count")
    static let insecureAllowUnverifiedTenant = Setting.toggle(
        flag: "insecure-allow-unverified-tenant", variable: "SWITCHBOARD_INSECURE_ALLOW_UNVERIFIED_TENANT",
        abstract: "Process records without the tenant the ingress verified, as an ingress with --insecure-disable-auth writes them; otherwise they go to the DLQ. Local development only")

    /// The command's own settings, in `--help`'s order (the Graph credential, logging and Kafka follow).
    static let rows: [SettingRow] = [
        notificationsTopic.row, outcomesTopic.row, dlqTopic.row, consumerGroup.row, sessionTimeout.row, kafkaGroupInstanceID.row,
        kafkaGroupProtocol.row, rulesFile.row, shadowRulesFile.row, graphBaseURL.row, graphAPIVersion.row, graphTenants.row,
        graphCAFile.row, maxInFlight.row, ordering.row, safetyMargin.row, drainTimeout.row, commitInterval.row, healthPort.row,
        graphConnections.row, graphAttemptTimeout.row, graphRateLimit.row, insecureAllowUnverifiedTenant.row,
    ]
}
