import CRdKafka
public import Logging

/// Sends records to Kafka and reports where each one was stored.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: .init(client: .init(bootstrapServers: "kafka:9092")), logger: logger)
/// let report = try await producer.send(topic: "calls.notifications", key: Array(callID.utf8), value: body)
/// // report.partition / report.offset: the broker has stored the record (acks=all).
/// await producer.shutdown(flushTimeout: .seconds(10))
/// ```
///
/// Any number of tasks may send at once. A dedicated thread serves librdkafka's delivery reports;
/// nothing here blocks Swift's cooperative pool.
///
/// - Important: Call ``shutdown(flushTimeout:)`` (or run the producer in a `ServiceGroup`) before
///   releasing it; a producer released without shutdown drops records not yet delivered.
public final class KafkaProducer: Sendable {
    /// The configuration the producer was created with.
    public let configuration: KafkaProducerConfiguration
    let core: ProducerCore
    /// The thread readiness probes and flushes run on, one at a time.
    let blockingThread: KafkaBlockingThread

    /// Creates a producer; it connects in the background.
    ///
    /// - Throws: ``KafkaError/Code/invalidArgument`` for a setting librdkafka rejects.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.core = try ProducerCore(configuration: configuration, logger: logger)
        self.blockingThread = try KafkaBlockingThread(name: "kafka-prod-call")
    }

    deinit {
        core.requestStop(waiter: nil)
        blockingThread.stop()
    }

    /// Sends a record and returns once the broker has stored it.
    ///
    /// The partition follows from the key (``KafkaProducerConfiguration/partitioner``); records with the
    /// same key keep their order. An empty `value` is sent as a null value.
    ///
    /// - Returns: Where the broker stored the record, after the delivery report said so.
    /// - Throws: A ``KafkaError`` when the record was not stored: ``KafkaError/Code/messageTimedOut``
    ///   (not stored within the message timeout; brokers unreachable), ``KafkaError/Code/messageSizeTooLarge``,
    ///   ``KafkaError/Code/queueFull`` (too many records waiting; retry later),
    ///   ``KafkaError/Code/unknownTopicOrPartition``, a fatal error (``KafkaError/isFatal``), or
    ///   ``KafkaError/Code/destroy`` after ``shutdown(flushTimeout:)``.
    ///   `CancellationError` when the task is cancelled: the call returns promptly, but the record is
    ///   already with librdkafka and **may still be stored**.
    public func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader] = []
    ) async throws -> KafkaDeliveryReport {
        try await send(topic: topic, key: key, value: value, headers: headers, optionalDeadline: nil)
    }

    /// Sends a record and returns once the broker has stored it, or fails at `deadline`.
    ///
    /// Like ``send(topic:key:value:headers:)``, but when no delivery report has arrived by
    /// `deadline` it throws ``KafkaError/Code/timedOut`` (retriable). The record then stays with
    /// librdkafka and **may still be stored later** (until ``KafkaProducerConfiguration/messageTimeout``);
    /// the delivery report that arrives then is counted in ``lateDeliveryReportCount``. A deadline that
    /// has already passed throws ``KafkaError/Code/timedOut`` without sending the record.
    ///
    /// The deadline costs no task or timer: the producer's poll thread sleeps until the earliest
    /// deadline of the sends waiting and fails them when it passes, within a few milliseconds.
    ///
    /// - Throws: What ``send(topic:key:value:headers:)`` throws, and ``KafkaError/Code/timedOut``.
    public func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader] = [],
        deadline: ContinuousClock.Instant
    ) async throws -> KafkaDeliveryReport {
        guard deadline > .now else {
            throw KafkaError(.timedOut, message: "the send's deadline had passed before the record was sent; it was not sent")
        }
        return try await send(topic: topic, key: key, value: value, headers: headers, optionalDeadline: deadline)
    }

    private func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader],
        optionalDeadline deadline: ContinuousClock.Instant?
    ) async throws -> KafkaDeliveryReport {
        let id = core.state.withLock { state in
            state.lastID += 1
            return state.lastID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let registration = core.state.withLock {
                    $0.register(id, continuation, deadline: deadline, isCancelled: Task.isCancelled)
                }
                switch registration {
                case let .refused(refusal):
                    continuation.resume(throwing: refusal)
                    return
                case let .registered(wakePollThread):
                    if wakePollThread { core.wakePollThread() }
                }
                if let error = produce(id: id, topic: topic, key: key, value: value, headers: headers) {
                    core.state.withLock { $0.complete(id) }.continuation?.resume(throwing: error)
                }
            }
        } onCancel: {
            core.state.withLock { $0.pending.removeValue(forKey: id) }?.resume(throwing: CancellationError())
        }
    }

    /// Delivery reports that arrived after their send had already failed at its deadline (see
    /// ``send(topic:key:value:headers:deadline:)``): records whose senders were told their fate was unknown.
    public var lateDeliveryReportCount: Int {
        core.state.withLock { $0.lateDeliveryReports }
    }

    /// Records handed to librdkafka whose delivery report has not arrived yet (cancelled sends included).
    public var inFlightCount: Int {
        core.state.withLock { $0.inFlight }
    }

    /// Whether a broker answers a metadata request within `timeout`. Runs on the producer's blocking-call thread.
    public func isClusterReachable(timeout: Duration) async -> Bool {
        let handle = core.handle
        return await blockingThread.run {
            let reachable = try? handle.withLease { pointer throws(KafkaError) in
                var metadata: UnsafePointer<rd_kafka_metadata>?
                let error = rd_kafka_metadata(pointer, 0, nil, &metadata, Int32(clamping: timeout.kafkaMilliseconds))
                if let metadata { rd_kafka_metadata_destroy(metadata) }
                return error == RD_KAFKA_RESP_ERR_NO_ERROR
            }
            return reachable ?? false
        }
    }

    /// Waits until every record handed to librdkafka has its delivery report, or `timeout` passes.
    ///
    /// - Throws: ``KafkaError/Code/timedOut`` naming how many records are still waiting;
    ///   ``KafkaError/Code/destroy`` after shutdown.
    public func flush(timeout: Duration) async throws(KafkaError) {
        let handle = core.handle
        let result = await blockingThread.run { () -> Result<Void, KafkaError> in
            Result { () throws(KafkaError) in
                try handle.withLease { pointer throws(KafkaError) in
                    let error = rd_kafka_flush(pointer, Int32(clamping: timeout.kafkaMilliseconds))
                    guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                        throw KafkaError(
                            KafkaError.Code(error),
                            message: "\(rd_kafka_outq_len(pointer)) records or requests still waiting after \(timeout)"
                        )
                    }
                }
            }
        }
        try result.get()
    }

    /// Flushes for up to `flushTimeout`, fails the sends still waiting, and destroys the client.
    ///
    /// Idempotent: later calls wait for the first to finish. Sends after it throw ``KafkaError/Code/destroy``.
    public func shutdown(flushTimeout: Duration) async {
        let first = core.state.withLock { state -> Bool in
            guard case .running = state.lifecycle else { return false }
            state.lifecycle = .shuttingDown
            return true
        }
        guard first else {
            await core.waitForShutdown()
            return
        }
        let handle = core.handle
        let logger = core.logger
        await blockingThread.run {
            _ = try? handle.withLease { pointer throws(KafkaError) in
                guard rd_kafka_flush(pointer, Int32(clamping: flushTimeout.kafkaMilliseconds)) != RD_KAFKA_RESP_ERR_NO_ERROR
                else { return }
                logger.warning(
                    "Kafka producer shutting down with undelivered records; purging them",
                    metadata: ["kafka.queue_length": "\(rd_kafka_outq_len(pointer))"]
                )
                rd_kafka_purge(pointer, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
                // Serve the purge reports, so the waiting sends learn their records' fate.
                _ = rd_kafka_flush(pointer, 1000)
            }
        }
        await withCheckedContinuation { waiter in
            core.requestStop(waiter: waiter)
        }
        blockingThread.stop()
    }

    private func produce(
        id: UInt64,
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader]
    ) -> KafkaError? {
        do {
            try core.handle.withLease { pointer throws(KafkaError) in
                try Self.produce(pointer, id: id, topic: topic, key: key, value: value, headers: headers)
            }
            return nil
        } catch {
            return error
        }
    }
}
