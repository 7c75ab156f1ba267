import CallModel
import Kafka

/// A record handed out by the consumer and held by the worker until it is finished.
struct PendingRecord: Sendable {
    let record: KafkaRecord
    /// The parse result when intake had to parse the record to find its call id (no record key).
    let parsed: Result<CommsNotifications, NotificationParseError>?
}
