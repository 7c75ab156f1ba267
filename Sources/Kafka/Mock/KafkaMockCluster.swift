import CRdKafka
public import Logging
public import ServiceLifecycle
import Synchronization

/// An embedded Kafka cluster for tests and local runs: librdkafka's mock cluster with N brokers on
/// 127.0.0.1 (random ports), with fault injection.
///
/// Any Kafka client, in this or another process, can use ``bootstrapServers``. What the 2.0.2 mock does
/// not do: admin requests (CreateTopics, DescribeConfigs), SASL/TLS, real transactions; each partition
/// keeps only about 5 MiB; the first group join takes about 3 s and later rebalances
/// `session.timeout.ms` − 1 s. Auto-created topics get 4 partitions.
public final class KafkaMockCluster: Sendable {
    /// The broker list, e.g. `127.0.0.1:40123,127.0.0.1:40125`.
    public let bootstrapServers: String
    /// The number of brokers (ids 1…N).
    public let brokerCount: Int
    private let cluster: Mutex<MockClusterHandles?>

    /// The `fetch.wait.max.ms` for consumers of a mock cluster: 5 ms. The mock answers a fetch that
    /// finds no records only after the whole wait, even when records arrive meanwhile (a real broker
    /// answers as soon as they do), so a record waits up to the full wait before a consumer sees it.
    /// With the consumer's default of 25 ms that alone puts receive → Graph p99 at about 25 ms; 5 ms
    /// keeps what `dev` and the benchmarks show close to a real cluster, for 200 empty fetches a second
    /// per broker connection at idle (measured: librdkafka's broker threads of a consumer of three brokers
    /// use about 5 % of a core instead of 1.6 % with 25 ms).
    public static let consumerFetchWaitMax: Duration = .milliseconds(5)

    /// ``consumerFetchWaitMax`` as a librdkafka property, for consumers configured by properties
    /// (a `switchboard worker` child process).
    public static var consumerProperties: [String: String] {
        ["fetch.wait.max.ms": String(consumerFetchWaitMax.kafkaMilliseconds)]
    }
    private let logger: Logger

    /// Starts the brokers.
    ///
    /// - Parameters:
    ///   - brokers: How many brokers (at least 1); they get ids 1…`brokers`.
    ///   - logger: Receives the mock's librdkafka logs.
    /// - Throws: ``KafkaError/Code/invalidArgument`` for fewer than one broker; ``KafkaError/Code/fail``
    ///   when librdkafka cannot start the cluster.
    public init(brokers: Int, logger: Logger) throws(KafkaError) {
        guard brokers >= 1 else {
            throw KafkaError(.invalidArgument, message: "the mock cluster needs at least 1 broker, got \(brokers)")
        }
        // The mock runs inside a client handle; this one never connects anywhere itself.
        let handle = try RDKafkaHandle(
            type: RD_KAFKA_PRODUCER,
            properties: ["log_level": String(Logger.Level.warning.syslogLevel)],
            callbacks: [],
            logger: logger
        )
        guard let mock = rd_kafka_mock_cluster_new(handle.pointer, Int32(clamping: brokers)) else {
            handle.destroy()
            throw KafkaError(.fail, message: "librdkafka could not start a mock cluster with \(brokers) brokers")
        }
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(mock))
        self.brokerCount = brokers
        self.cluster = Mutex(MockClusterHandles(handle: handle, mock: mock))
        self.logger = logger
        logger.debug("Kafka mock cluster started", metadata: ["kafka.bootstrap_servers": "\(bootstrapServers)"])
    }

    deinit {
        shutdown()
    }

    /// Creates a topic; the replication factor must not exceed the broker count.
    ///
    /// - Throws: ``KafkaError/Code/invalidArgument`` for non-positive counts; librdkafka's error otherwise.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int) throws(KafkaError) {
        guard partitions >= 1, replicationFactor >= 1, replicationFactor <= brokerCount else {
            throw KafkaError(
                .invalidArgument,
                message: "topic \(name): need partitions ≥ 1 and 1 ≤ replication factor ≤ \(brokerCount) brokers; "
                    + "got \(partitions) and \(replicationFactor)"
            )
        }
        try call("create topic \(name)") { mock in
            rd_kafka_mock_topic_create(mock, name, Int32(clamping: partitions), Int32(clamping: replicationFactor))
        }
    }

    /// Disconnects a broker (or all, for `nil`) and refuses new connections; leaders do not move.
    ///
    /// Runs while no child process is being started (see ``startingChildProcess(_:)``).
    public func setBrokerDown(_ broker: Int32?) throws(KafkaError) {
        try Self.brokerDownOrSpawn.withLock { _ throws(KafkaError) in
            try call("set broker down") { rd_kafka_mock_broker_set_down($0, broker ?? -1) }
        }
    }

    /// Starts a child process (`start` calls `Process.run()`) while no mock broker of this process is being set down.
    ///
    /// Setting a broker down closes its listening socket and at once binds its port again, to keep it. A child
    /// process that has been created but has not yet executed its program holds a copy of that socket, so the
    /// socket is still listening, the bind fails with "address already in use", and librdkafka's mock ends the
    /// whole process on an assertion. `Process.run()` returns once the child has executed its program, which
    /// closes the copies (they are close-on-exec). A process that sets mock brokers down and starts child
    /// processes, such as the test suite, starts them through this.
    public static func startingChildProcess<Failure: Error>(_ start: () throws(Failure) -> Void) throws(Failure) {
        try brokerDownOrSpawn.withLock { _ throws(Failure) in try start() }
    }

    /// Held while a broker is set down or a child process is started.
    private static let brokerDownOrSpawn = Mutex<Void>(())

    /// Lets a broker (or all, for `nil`) accept connections again.
    public func setBrokerUp(_ broker: Int32?) throws(KafkaError) {
        try call("set broker up") { rd_kafka_mock_broker_set_up($0, broker ?? -1) }
    }

    /// Delays every response of a broker (or all, for `nil`) by `milliseconds`.
    public func setRoundTripTime(broker: Int32?, milliseconds: Int) throws(KafkaError) {
        try call("set round-trip time") { rd_kafka_mock_broker_set_rtt($0, broker ?? -1, Int32(clamping: milliseconds)) }
    }

    /// Makes the next requests of this type (to any broker) fail with these errors, one per request, in order.
    /// ``KafkaError/Code/transport`` makes the broker drop the connection.
    public func pushRequestErrors(_ api: KafkaMockAPI, errors: [KafkaError.Code]) throws(KafkaError) {
        let codes = errors.map(\.cValue)
        try call("push request errors") { mock in
            codes.withUnsafeBufferPointer { buffer in
                rd_kafka_mock_push_request_errors_array(mock, api.apiKey, buffer.count, buffer.baseAddress)
            }
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Makes the next request of this type to one broker wait `delayMilliseconds`, then fail with `error`
    /// (``KafkaError/Code/noError`` for a slow success).
    public func pushBrokerRequestError(
        broker: Int32,
        _ api: KafkaMockAPI,
        error: KafkaError.Code,
        delayMilliseconds: Int
    ) throws(KafkaError) {
        try call("push broker request error") { mock in
            switchboard_mock_broker_push_request_error_rtt(mock, broker, api.apiKey, error.cValue, Int32(clamping: delayMilliseconds))
        }
    }

    /// Forgets the errors pushed for this request type.
    public func clearRequestErrors(_ api: KafkaMockAPI) throws(KafkaError) {
        try call("clear request errors") { mock in
            rd_kafka_mock_clear_request_errors(mock, api.apiKey)
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Moves a partition's leadership to a broker, or leaves it without a leader for `nil`.
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32?) throws(KafkaError) {
        try call("set partition leader") { rd_kafka_mock_partition_set_leader($0, topic, partition, broker ?? -1) }
    }

    /// Makes a group's coordinator a given broker.
    public func setGroupCoordinator(group: String, broker: Int32) throws(KafkaError) {
        try call("set group coordinator") { rd_kafka_mock_coordinator_set($0, "group", group, broker) }
    }

    /// Stops the brokers; idempotent, and returns at once: the teardown (up to about a second inside
    /// librdkafka) runs on its own thread. Later calls throw ``KafkaError/Code/destroy``.
    public func shutdown() {
        guard let handles = takeHandles() else { return }
        let logger = logger
        let bootstrapServers = bootstrapServers
        KafkaThread.detach(name: "kafka-mock-stop") {
            Self.destroy(handles, logger: logger, bootstrapServers: bootstrapServers)
        }
    }

    /// Stops the brokers and returns once they are gone; idempotent.
    public func shutdownAndWait() async {
        guard let handles = takeHandles() else { return }
        let logger = logger
        let bootstrapServers = bootstrapServers
        await KafkaThread.run(name: "kafka-mock-stop") {
            Self.destroy(handles, logger: logger, bootstrapServers: bootstrapServers)
        }
    }

    private func takeHandles() -> MockClusterHandles? {
        cluster.withLock { state in
            defer { state = nil }
            return state
        }
    }

    private static func destroy(_ handles: MockClusterHandles, logger: Logger, bootstrapServers: String) {
        rd_kafka_mock_cluster_destroy(handles.mock)
        handles.handle.destroy()
        logger.debug("Kafka mock cluster stopped", metadata: ["kafka.bootstrap_servers": "\(bootstrapServers)"])
    }

    /// Runs a mock call while the cluster is alive (under the lock, so shutdown waits for it).
    private func call(_ operation: String, _ body: (OpaquePointer) -> rd_kafka_resp_err_t) throws(KafkaError) {
        let code = try cluster.withLock { state throws(KafkaError) -> rd_kafka_resp_err_t in
            guard let state else { throw KafkaError(.destroy, message: "the mock cluster is shut down") }
            return body(state.mock)
        }
        if let error = KafkaError.from(code, context: "mock cluster: \(operation)") { throw error }
    }
}

/// The mock cluster and the client handle it runs in. Mock calls are thread-safe in librdkafka
/// (they post to the mock's own thread), and they only happen under the owner's lock.
private struct MockClusterHandles: @unchecked Sendable {
    let handle: RDKafkaHandle
    let mock: OpaquePointer
}

extension KafkaMockCluster: Service {
    /// Runs until the service group shuts down, then stops the brokers.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdownAndWait()
    }
}
