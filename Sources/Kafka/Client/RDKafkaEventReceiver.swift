import CRdKafka
import Logging
import Synchronization

/// What a client does with librdkafka's callbacks. Callbacks arrive on the thread that polls
/// (delivery reports, rebalances, errors) or on librdkafka's own threads (logs).
protocol RDKafkaEventReceiver: AnyObject, Sendable {
    /// A produced record's delivery report.
    func deliveryReport(_ message: UnsafePointer<rd_kafka_message_t>)
    /// A consumer group rebalance: the receiver must (incrementally) assign or unassign `partitions`.
    func rebalance(
        _ handle: OpaquePointer,
        _ event: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    )
    /// An error librdkafka reports outside any call (broker down, fatal error, …).
    func clientError(_ handle: OpaquePointer, _ error: rd_kafka_resp_err_t, _ reason: String)
}

/// The object librdkafka's `opaque` points to: the logger, and the receiver once the client is built.
///
/// Retained for librdkafka until `rd_kafka_destroy` returns (see ``RDKafkaHandle``).
final class RDKafkaCallbackContext: Sendable {
    let logger: Logger
    private let receiver = Mutex<(any RDKafkaEventReceiver)?>(nil)

    init(logger: Logger) {
        self.logger = logger
    }

    /// Routes callbacks to `receiver` from now on; set once the client object exists.
    func setReceiver(_ receiver: (any RDKafkaEventReceiver)?) {
        self.receiver.withLock { $0 = receiver }
    }

    var currentReceiver: (any RDKafkaEventReceiver)? {
        receiver.withLock { $0 }
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbackContext? {
        opaque.map { Unmanaged<RDKafkaCallbackContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Forwards one librdkafka log line: a static message, the text and facility in metadata.
    func log(level: Int32, facility: String, text: String, client: String) {
        logger.log(
            level: Logger.Level(syslogLevel: level),
            "librdkafka log",
            metadata: [
                "kafka.client": "\(client)",
                "kafka.log.facility": "\(facility)",
                "kafka.log.syslog_level": "\(level)",
                "kafka.log.text": "\(text)",
            ]
        )
    }
}
