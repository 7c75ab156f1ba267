public import Graph
public import Kafka

/// Everything one worker process is made of: its Kafka clients, its Graph client, the rules file and
/// the operations server. ``WorkerApplication`` builds every client from it.
public struct WorkerApplicationConfiguration: Sendable {
    /// Where `/healthz`, `/readyz` and `/metrics` are served.
    public struct OperationsServer: Sendable {
        /// The address bound; default all interfaces (the kubelet probes the pod's address).
        public var host: String
        /// The port; 0 picks a free one. Default 8081.
        public var port: Int
        /// Called once the server listens, with the bound port (the real one when `port` is 0).
        public var onListening: @Sendable (Int) -> Void

        /// Creates the server's settings.
        public init(host: String = "0.0.0.0", port: Int = 8081, onListening: @escaping @Sendable (Int) -> Void = { _ in }) {
            self.host = host
            self.port = port
            self.onListening = onListening
        }
    }

    /// Topics, in-flight bound, ordering and timings.
    public var worker: WorkerConfiguration
    /// The notifications consumer (group, session timeout, protocol). ``WorkerService`` adjusts the
    /// commit and rebalance settings to its drain timeout.
    public var consumer: KafkaConsumerConfiguration
    /// The producer of outcomes and dead letters; default: ``outcomeProducer(client:)`` on the consumer's client.
    public var producer: KafkaProducerConfiguration
    /// How long shutdown waits for the producer's queued records; default 10 s.
    public var producerFlushTimeout: Duration
    /// The Graph client (credential, endpoint, retries, rate limit).
    public var graph: GraphClientConfiguration
    /// The routing rules YAML file, reloaded on change.
    public var rulesPath: String
    /// How often the rules file is checked for a change; default 2 s.
    public var rulesPollInterval: Duration
    /// Candidate rules decided beside the live ones and only counted (shadow rules), reloaded on change;
    /// default none.
    public var shadowRulesPath: String?
    /// The operations server; `nil` runs none (a benchmark reads the metrics registry directly).
    public var operations: OperationsServer?
    /// Reported on `/healthz`, `/readyz` and as `switchboard_build_info`.
    public var versions: [(name: String, version: String)]

    /// The worker's producer on `client`: librdkafka's defaults (idempotent, `acks=all`) with a 1 ms
    /// linger instead of 5 ms. Every Graph request waits for the acknowledgement of the call's
    /// write-ahead `attempting` outcome, so the linger is added to each call's receive → Graph time;
    /// under load, batches still fill with the records produced while one is in flight (in
    /// `bench pipeline` at 2,000 calls/s the worker's CPU per call did not rise measurably).
    public static func outcomeProducer(client: KafkaClientConfiguration) -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(client: client, linger: .milliseconds(1))
    }

    /// Creates the configuration; every setting but the consumer, Graph client and rules file has a default.
    public init(
        worker: WorkerConfiguration = WorkerConfiguration(),
        consumer: KafkaConsumerConfiguration,
        producer: KafkaProducerConfiguration? = nil,
        producerFlushTimeout: Duration = .seconds(10),
        graph: GraphClientConfiguration,
        rulesPath: String,
        rulesPollInterval: Duration = .seconds(2),
        shadowRulesPath: String? = nil,
        operations: OperationsServer? = OperationsServer(),
        versions: [(name: String, version: String)] = []
    ) {
        self.worker = worker
        self.consumer = consumer
        self.producer = producer ?? Self.outcomeProducer(client: consumer.client)
        self.producerFlushTimeout = producerFlushTimeout
        self.graph = graph
        self.rulesPath = rulesPath
        self.rulesPollInterval = rulesPollInterval
        self.shadowRulesPath = shadowRulesPath
        self.operations = operations
        self.versions = versions
    }

    /// Checks what the clients themselves do not: a rules path, an operations port, positive timings.
    ///
    /// - Throws: ``WorkerError`` `invalidConfiguration` naming the setting.
    public func validate() throws(WorkerError) {
        if rulesPath.isEmpty {
            throw WorkerError(code: .invalidConfiguration, message: "the routing rules file path is empty; set the rules file")
        }
        if shadowRulesPath?.isEmpty == true {
            throw WorkerError(
                code: .invalidConfiguration, message: "the shadow rules file path is empty; set a file or leave the setting out")
        }
        if let operations, !(0...65_535).contains(operations.port) {
            throw WorkerError(
                code: .invalidConfiguration, message: "the operations (health) port must be 0 to 65535, got \(operations.port)")
        }
        if producerFlushTimeout < .zero || rulesPollInterval <= .zero {
            throw WorkerError(
                code: .invalidConfiguration,
                message: "the producer flush timeout must not be negative and the rules poll interval must be positive")
        }
    }
}
