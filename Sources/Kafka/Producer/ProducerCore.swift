import CRdKafka
import Logging
import Synchronization

/// The producer's engine: the librdkafka handle, its poll thread, and the sends in flight.
///
/// Separate from ``KafkaProducer`` so the public object can be released (and shut the engine down in
/// `deinit`) while librdkafka's callback context still references the engine.
final class ProducerCore: RDKafkaEventReceiver {
    let handle: RDKafkaHandle
    let logger: Logger
    let state = Mutex(ProducerState())
    private let pollThread: KafkaPollThread
    /// librdkafka's main queue reference: delivery reports and errors arrive here; destroyed before the handle.
    private let mainQueue: RDKafkaQueue

    init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        let properties = try configuration.properties()
        let pollThread = try KafkaPollThread()
        let handle = try RDKafkaHandle(
            type: RD_KAFKA_PRODUCER,
            properties: properties,
            callbacks: [.deliveryReports],
            logger: logger
        )
        self.handle = handle
        self.pollThread = pollThread
        self.mainQueue = RDKafkaQueue.main(of: handle.pointer)
        var logger = logger
        logger[metadataKey: "kafka.client"] = "\(handle.name)"
        self.logger = logger
        handle.context.setReceiver(self)
        pollThread.wakeOnEvents(of: mainQueue.pointer)
        pollThread.start(name: "kafka-producer") { [self] in
            serve()
        }
    }

    /// The longest the poll thread sleeps without an event or a deadline.
    private static let tick = Duration.seconds(1)

    /// Tells the poll thread that a send's deadline comes before its next wake-up.
    func wakePollThread() {
        pollThread.wake()
    }

    /// One turn of the poll thread: serve every queued delivery report and error, fail the sends
    /// whose deadline has passed, and say how long to sleep (`nil`: stop, when asked to).
    private func serve() -> Duration? {
        while rd_kafka_poll(handle.pointer, 0) > 0 {}
        let (stop, expired, sleep) = state.withLock { state in
            guard !state.stopRequested else { return (true, [ProducerState.Continuation](), Duration.zero) }
            let (expired, sleep) = state.expire(now: .now, tick: Self.tick)
            return (false, expired, sleep)
        }
        if !expired.isEmpty {
            let error = KafkaError(
                .timedOut,
                message: "no delivery report by the send's deadline; the record is still with the producer and may be stored later"
            )
            expired.forEach { $0.resume(throwing: error) }
        }
        guard stop else { return sleep }
        KafkaPollThread.stopWakeups(of: mainQueue.pointer)
        mainQueue.destroy()
        handle.destroy()
        let (abandoned, waiters) = state.withLock { state in
            state.lifecycle = .shutDown
            let abandoned = state.pending.values
            state.pending.removeAll()
            state.deadlines.removeAll()
            state.timedOut.removeAll()
            state.inFlight = 0
            defer { state.shutdownWaiters.removeAll() }
            return (Array(abandoned), state.shutdownWaiters)
        }
        let error = KafkaError(.destroy, message: "the producer shut down before the record's delivery report arrived")
        abandoned.forEach { $0.resume(throwing: error) }
        waiters.forEach { $0.resume() }
        logger.debug("Kafka producer destroyed")
        return nil
    }

    /// Asks the poll thread to destroy the handle; `waiter` (if any) resumes when it is gone.
    func requestStop(waiter: CheckedContinuation<Void, Never>?) {
        let alreadyDestroyed = state.withLock { state -> Bool in
            guard state.lifecycle != .shutDown else { return true }
            state.lifecycle = .shuttingDown
            state.stopRequested = true
            if let waiter { state.shutdownWaiters.append(waiter) }
            return false
        }
        if alreadyDestroyed {
            waiter?.resume()
        } else {
            pollThread.wake()
        }
    }

    /// Waits until another caller's shutdown has destroyed the handle.
    func waitForShutdown() async {
        await withCheckedContinuation { waiter in
            let alreadyDestroyed = state.withLock { state -> Bool in
                guard state.lifecycle != .shutDown else { return true }
                state.shutdownWaiters.append(waiter)
                return false
            }
            if alreadyDestroyed { waiter.resume() }
        }
    }

    // MARK: librdkafka callbacks (on the poll thread)

    func deliveryReport(_ message: UnsafePointer<rd_kafka_message_t>) {
        let record = message.pointee
        let id = UInt64(UInt(bitPattern: record._private))
        let result: Result<KafkaDeliveryReport, any Error>
        if record.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            let topic = record.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
            result = .success(KafkaDeliveryReport(topic: topic, partition: record.partition, offset: record.offset))
        } else {
            result = .failure(deliveryError(record.err, status: rd_kafka_message_status(message)))
        }
        let (continuation, isLate) = state.withLock { $0.complete(id) }
        continuation?.resume(with: result)
        if isLate, logger.logLevel <= .debug { logLateReport(result) }
    }

    func rebalance(
        _ handle: OpaquePointer,
        _ event: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        // Producers never join a group.
    }

    func clientError(_ handle: OpaquePointer, _ error: rd_kafka_resp_err_t, _ reason: String) {
        guard error == RD_KAFKA_RESP_ERR__FATAL else {
            logger.warning(
                "Kafka producer error",
                metadata: ["kafka.error.code": "\(KafkaError.Code(error))", "kafka.error.reason": "\(reason)"]
            )
            return
        }
        let fatal = KafkaError.fatal(of: handle, operation: "send")
        state.withLock { $0.fatalError = $0.fatalError ?? fatal }
        logger.error("Kafka producer hit a fatal error; every later send fails", metadata: ["kafka.error": "\(fatal)"])
    }

    /// A delivery report of a send that had already failed at its deadline: the sender was told
    /// the record's fate is unknown; this is its fate.
    private func logLateReport(_ result: Result<KafkaDeliveryReport, any Error>) {
        switch result {
        case let .success(report):
            logger.debug(
                "Delivery report after the send's deadline: the record was stored",
                metadata: ["kafka.topic": "\(report.topic)", "kafka.partition": "\(report.partition)", "kafka.offset": "\(report.offset)"]
            )
        case let .failure(error):
            logger.debug("Delivery report after the send's deadline: the record was not stored", metadata: ["kafka.error": "\(error)"])
        }
    }

    private func deliveryError(_ code: rd_kafka_resp_err_t, status: rd_kafka_msg_status_t) -> KafkaError {
        if code == RD_KAFKA_RESP_ERR__PURGE_QUEUE || code == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT,
            let fatal = state.withLock({ $0.fatalError })
        {
            return fatal
        }
        var error = KafkaError(KafkaError.Code(code))
        switch status {
        case RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED:
            error.message = "the record was not confirmed as stored (\(error.code.reason)); it may still have been stored"
        case RD_KAFKA_MSG_STATUS_NOT_PERSISTED:
            error.message = "the record was not stored: \(error.code.reason)"
        default:
            error.message = "delivery failed: \(error.code.reason)"
        }
        return error
    }
}
