import CRdKafka
import Logging
import Synchronization

/// A librdkafka handle whose main queue (errors, logs) a poll thread serves, for clients without
/// records of their own (admin).
final class PolledClient: RDKafkaEventReceiver {
    let handle: RDKafkaHandle
    let logger: Logger
    private let pollThread: KafkaPollThread
    private let mainQueue: RDKafkaQueue
    private let stopRequested = Mutex(false)

    init(properties: [String: String], threadName: String, logger: Logger) throws(KafkaError) {
        let pollThread = try KafkaPollThread()
        let handle = try RDKafkaHandle(type: RD_KAFKA_PRODUCER, properties: properties, callbacks: [], logger: logger)
        self.handle = handle
        self.pollThread = pollThread
        self.mainQueue = RDKafkaQueue.main(of: handle.pointer)
        var logger = logger
        logger[metadataKey: "kafka.client"] = "\(handle.name)"
        self.logger = logger
        handle.context.setReceiver(self)
        pollThread.wakeOnEvents(of: mainQueue.pointer)
        pollThread.start(name: threadName, tick: .seconds(1)) { [self] in
            serve()
        }
    }

    private func serve() -> Bool {
        while rd_kafka_poll(handle.pointer, 0) > 0 {}
        guard stopRequested.withLock({ $0 }) else { return true }
        KafkaPollThread.stopWakeups(of: mainQueue.pointer)
        mainQueue.destroy()
        handle.destroy()
        return false
    }

    /// Destroys the handle on the poll thread (once current calls finish); returns at once.
    func stop() {
        let first = stopRequested.withLock { stop in
            defer { stop = true }
            return !stop
        }
        if first { pollThread.wake() }
    }

    func deliveryReport(_ message: UnsafePointer<rd_kafka_message_t>) {}

    func rebalance(
        _ handle: OpaquePointer,
        _ event: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {}

    func clientError(_ handle: OpaquePointer, _ error: rd_kafka_resp_err_t, _ reason: String) {
        logger.warning(
            "Kafka client error",
            metadata: ["kafka.error.code": "\(KafkaError.Code(error))", "kafka.error.reason": "\(reason)"]
        )
    }
}
