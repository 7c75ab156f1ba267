import CRdKafka
public import Logging

/// Reads records as a member of a consumer group, with explicit control over which offsets count as processed.
///
/// ```swift
/// let consumer = try KafkaConsumer(configuration: configuration, logger: logger, rebalanceListener: tracker)
/// try consumer.subscribe(topics: ["calls.notifications"])
/// for try await record in consumer.records {
///     await handle(record)
///     try consumer.store([record.topicPartition: record.offset + 1])  // committed every autoCommitInterval
/// }
/// ```
///
/// A dedicated thread polls librdkafka (woken by an eventfd) and owns the rebalance callback; records
/// are copied into a bounded buffer (``KafkaConsumerConfiguration/bufferCapacity``) and fetching pauses
/// while it is full. Blocking calls (commit, committed offsets) run on one long-lived thread of the consumer, close on the poll thread.
/// Offsets are never stored automatically.
///
/// - Important: Call ``close()`` before releasing the consumer, so it commits and leaves the group at once
///   instead of after the session timeout.
public final class KafkaConsumer: Sendable {
    /// The configuration the consumer was created with.
    public let configuration: KafkaConsumerConfiguration
    let core: ConsumerCore
    /// The thread commits and committed-offset reads run on, one at a time.
    let blockingThread: KafkaBlockingThread

    /// Creates a consumer; it joins the group once ``subscribe(topics:)`` is called.
    ///
    /// - Parameters:
    ///   - configuration: Group, timeouts, buffer and strategy.
    ///   - logger: Receives the consumer's and librdkafka's logs.
    ///   - rebalanceListener: Told about assignments and revocations, in order; see ``KafkaRebalanceListener``.
    /// - Throws: ``KafkaError/Code/invalidArgument`` for a setting librdkafka rejects.
    public init(
        configuration: KafkaConsumerConfiguration,
        logger: Logger,
        rebalanceListener: (any KafkaRebalanceListener)? = nil
    ) throws(KafkaError) {
        self.configuration = configuration
        self.core = try ConsumerCore(configuration: configuration, logger: logger, listener: rebalanceListener)
        self.blockingThread = try KafkaBlockingThread(name: "kafka-commit")
    }

    deinit {
        core.requestClose(waiter: nil)
        blockingThread.stop()
    }

    /// Joins the group for these topics (names starting with `^` are regular expressions).
    ///
    /// - Throws: ``KafkaError/Code/destroy`` after ``close()``, or librdkafka's error.
    public func subscribe(topics: [String]) throws(KafkaError) {
        try core.handle.withLease { pointer throws(KafkaError) in
            try TopicPartitionList.with(partitions: topics.map { KafkaTopicPartition(topic: $0, partition: -1) }) {
                list throws(KafkaError) in
                if let error = KafkaError.from(rd_kafka_subscribe(pointer, list), context: "subscribe to \(topics)") {
                    throw error
                }
            }
        }
    }

    /// The records of the assigned partitions, in offset order per partition.
    ///
    /// Iterate it from one task at a time. It ends after ``close()`` began, and throws a fatal
    /// ``KafkaError`` when librdkafka raises one.
    public var records: KafkaRecordSequence {
        KafkaRecordSequence(core: core)
    }

    /// The partitions currently assigned (and not being revoked), sorted.
    public var assignment: [KafkaTopicPartition] {
        core.state.withLock { $0.assignment }
    }

    /// Stops fetching these partitions until ``resume(_:)``; other partitions keep flowing.
    /// A revoked partition forgets its pause.
    public func pause(_ partitions: [KafkaTopicPartition]) {
        core.state.withLock { $0.pause(partitions) }
        core.pollThread.wake()
    }

    /// Resumes fetching partitions paused with ``pause(_:)`` (back-pressure pauses stay in effect).
    public func resume(_ partitions: [KafkaTopicPartition]) {
        core.state.withLock { $0.resume(partitions) }
        core.pollThread.wake()
    }

    /// Leaves the group: ends ``records``, revokes the assignment through the rebalance listener and
    /// commits its offsets (and, with auto-commit, the stored ones), sends LeaveGroup, and destroys the client.
    ///
    /// Idempotent; concurrent callers all return when it is done.
    public func close() async {
        await withCheckedContinuation { waiter in
            core.requestClose(waiter: waiter)
        }
        blockingThread.stop()
    }

    /// Records buffered in Swift and not yet handed out (for tests and metrics).
    var bufferedRecordCount: Int {
        core.state.withLock { $0.bufferedCount }
    }

    /// Whether fetching is paused because the buffer is full.
    var isPausedForBackPressure: Bool {
        core.state.withLock { $0.pausedForBackPressure }
    }
}
