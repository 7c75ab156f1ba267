/// Where the broker stored a produced record.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// The topic the record was stored in.
    public var topic: String
    /// The partition the record was stored in.
    public var partition: Int32
    /// The record's offset, or ``unknownOffset`` in the rare case librdkafka cannot tell
    /// (an idempotent retry of a record that was stored but not acknowledged the first time).
    public var offset: Int64

    /// The offset librdkafka reports when it knows the record is stored but not where (`RD_KAFKA_OFFSET_INVALID`).
    public static let unknownOffset: Int64 = -1001

    /// Creates a delivery report.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
