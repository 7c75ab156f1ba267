import CRdKafka
import Logging
import Synchronization

/// The consumer's engine: the librdkafka handle, the poll thread that owns the rebalance callback,
/// and the shared ``ConsumerState``.
///
/// Separate from ``KafkaConsumer`` so the public object can be released (and close the engine in
/// `deinit`) while librdkafka's callback context still references the engine.
final class ConsumerCore: RDKafkaEventReceiver {
    let handle: RDKafkaHandle
    let logger: Logger
    let configuration: KafkaConsumerConfiguration
    let listener: (any KafkaRebalanceListener)?
    let state: Mutex<ConsumerState>
    let pollThread: KafkaPollThread
    /// The consumer queue reference the eventfd is attached to; destroyed before `rd_kafka_consumer_close`.
    private let consumerQueue: RDKafkaQueue
    private let listenerCalls = SerialTaskQueue()
    /// Records polled in the current turn, handed to the state in batches (poll thread only).
    private let batch = Mutex<[KafkaRecord]>([])

    /// The most records moved into the state per lock acquisition.
    private static let batchSize = 256

    init(
        configuration: KafkaConsumerConfiguration,
        logger: Logger,
        listener: (any KafkaRebalanceListener)?
    ) throws(KafkaError) {
        let properties = try configuration.properties()
        let pollThread = try KafkaPollThread()
        let handle = try RDKafkaHandle(
            type: RD_KAFKA_CONSUMER,
            properties: properties,
            callbacks: [.rebalance],
            logger: logger
        )
        // Serve errors and logs from the consumer queue too, so the poll thread is the only one polling.
        rd_kafka_poll_set_consumer(handle.pointer)
        // A consumer with a group id always has a consumer queue.
        guard let consumerQueue = rd_kafka_queue_get_consumer(handle.pointer) else {
            fatalError("rd_kafka_queue_get_consumer returned NULL for a consumer with a group id")
        }
        self.handle = handle
        self.consumerQueue = RDKafkaQueue(pointer: consumerQueue)
        self.pollThread = pollThread
        self.configuration = configuration
        self.listener = listener
        self.state = Mutex(ConsumerState(capacity: configuration.bufferCapacity))
        var logger = logger
        logger[metadataKey: "kafka.client"] = "\(handle.name)"
        logger[metadataKey: "kafka.group_id"] = "\(configuration.groupID)"
        self.logger = logger
        handle.context.setReceiver(self)
        pollThread.wakeOnEvents(of: consumerQueue)
        // The tick keeps polling within max.poll.interval.ms when no event arrives.
        pollThread.start(name: "kafka-consumer", tick: .milliseconds(500)) { [self] in
            serve()
        }
    }

    // MARK: Poll thread

    /// One turn of the poll thread: drain librdkafka's queue (records, rebalances, errors) into the
    /// state, apply pause changes, close when asked.
    private func serve() -> Bool {
        if state.withLock({ $0.closeRequested }) {
            performClose()
            return false
        }
        var threshold = deliveryThreshold()
        while let message = rd_kafka_consumer_poll(handle.pointer, 0) {
            receive(message)
            rd_kafka_message_destroy(message)
            if batch.withLock({ $0.count }) >= threshold {
                deliverBatch()
                // Pause at once when the buffer filled up, so librdkafka stops handing out records.
                applyPauseChanges()
                threshold = deliveryThreshold()
            }
        }
        deliverBatch()
        applyPauseChanges()
        return true
    }

    /// How many records to collect before moving them into the state: a batch, but never past the buffer's capacity.
    private func deliveryThreshold() -> Int {
        let room = state.withLock { $0.capacity - $0.bufferedCount }
        return max(1, min(Self.batchSize, room))
    }

    private func receive(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        let error = message.pointee.err
        guard error != RD_KAFKA_RESP_ERR_NO_ERROR else {
            let record = KafkaRecord(message)
            batch.withLock { $0.append(record) }
            return
        }
        guard error != RD_KAFKA_RESP_ERR__PARTITION_EOF else { return }
        let text = rd_kafka_message_errstr(message).map { String(cString: $0) } ?? ""
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        if error == RD_KAFKA_RESP_ERR__FATAL {
            fail(KafkaError.fatal(of: handle.pointer, operation: "consume"))
            return
        }
        logger.warning(
            "Kafka consumer error",
            metadata: [
                "kafka.error.code": "\(KafkaError.Code(error))",
                "kafka.error.reason": "\(text)",
                "kafka.topic": "\(topic)",
                "kafka.partition": "\(message.pointee.partition)",
            ]
        )
    }

    /// Moves the polled records into the state, so the iterator can hand them out.
    private func deliverBatch() {
        let records = batch.withLock { batch in
            defer { batch.removeAll(keepingCapacity: true) }
            return batch
        }
        guard !records.isEmpty else { return }
        if let (waiter, record) = state.withLock({ $0.append(records) }) {
            waiter.resume(returning: .success(record))
        }
    }

    /// Pauses and resumes partitions in librdkafka to match the state (back-pressure, listener, caller).
    private func applyPauseChanges() {
        let (toPause, toResume) = state.withLock { $0.pauseChanges() }
        if !toPause.isEmpty || !toResume.isEmpty {
            logger.trace(
                "Kafka consumer pauses changed",
                metadata: ["kafka.paused": "\(toPause.map(\.description))", "kafka.resumed": "\(toResume.map(\.description))"]
            )
        }
        if !toPause.isEmpty {
            TopicPartitionList.with(partitions: toPause) { list in
                _ = rd_kafka_pause_partitions(handle.pointer, list)
                logListErrors(list, operation: "pause")
            }
        }
        if !toResume.isEmpty {
            TopicPartitionList.with(partitions: toResume) { list in
                _ = rd_kafka_resume_partitions(handle.pointer, list)
                logListErrors(list, operation: "resume")
            }
        }
    }

    private func fail(_ error: KafkaError) {
        logger.error("Kafka consumer hit a fatal error", metadata: ["kafka.error": "\(error)"])
        state.withLock { $0.fail(error) }?.resume(returning: .failure(error))
    }

    /// Closes on the poll thread: ends the record sequence, lets `rd_kafka_consumer_close` revoke the
    /// assignment through the rebalance callback (listener, commit), leave the group, then destroys.
    private func performClose() {
        state.withLock { $0.beginClose() }?.resume(returning: .success(nil))
        KafkaPollThread.stopWakeups(of: consumerQueue.pointer)
        consumerQueue.destroy()
        let clock = ContinuousClock()
        let started = clock.now
        let watchdog = closeWatchdog()
        let error = rd_kafka_consumer_close(handle.pointer)
        watchdog.cancel()
        if let error = KafkaError.from(error, context: "closing the consumer") {
            logger.warning("Kafka consumer close reported an error", metadata: ["kafka.error": "\(error)"])
        }
        handle.destroy()
        let waiters = state.withLock { $0.finishClose() }
        logger.debug("Kafka consumer closed", metadata: ["kafka.close_duration": "\(clock.now - started)"])
        waiters.forEach { $0.resume() }
    }

    /// Logs an error if closing takes far longer than the group protocol allows: librdkafka 2.0.2 has
    /// known hangs in cooperative close (fixed in 2.4.0), and an operator should learn why a pod hangs.
    private func closeWatchdog() -> Task<Void, Never> {
        let limit = configuration.sessionTimeout + configuration.rebalanceTimeout + .seconds(10)
        let logger = logger
        return Task {
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            logger.error(
                "Kafka consumer close is taking longer than the session and rebalance timeouts allow; librdkafka may be stuck",
                metadata: ["kafka.close_limit": "\(limit)"]
            )
        }
    }

    func requestClose(waiter: CheckedContinuation<Void, Never>?) {
        if state.withLock({ $0.requestClose(waiter) }) {
            pollThread.wake()
        } else {
            waiter?.resume()
        }
    }

    // MARK: librdkafka callbacks (on the poll thread)

    func deliveryReport(_ message: UnsafePointer<rd_kafka_message_t>) {
        // Consumers produce nothing.
    }

    func clientError(_ handle: OpaquePointer, _ error: rd_kafka_resp_err_t, _ reason: String) {
        if error == RD_KAFKA_RESP_ERR__FATAL {
            fail(KafkaError.fatal(of: handle, operation: "consume"))
            return
        }
        logger.warning(
            "Kafka consumer error",
            metadata: ["kafka.error.code": "\(KafkaError.Code(error))", "kafka.error.reason": "\(reason)"]
        )
    }

    func logListErrors(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>, operation: String) {
        if let error = TopicPartitionList.firstError(of: list, operation: operation) {
            logger.warning("Kafka partition operation failed", metadata: ["kafka.error": "\(error)"])
        }
    }

    /// Hands a record to the listener's serial queue, so completions run in order with rebalances.
    func enqueueListenerCall(_ job: @escaping @Sendable () async -> Void) {
        listenerCalls.enqueue(job)
    }

    /// Moves records polled before a rebalance into the state before the assignment changes.
    func deliverPendingRecords() {
        deliverBatch()
    }

    /// Re-applies pauses after an assignment change.
    func reconcilePauses() {
        applyPauseChanges()
    }
}
