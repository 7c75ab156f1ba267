/// A record read from Kafka; its bytes are copied out of librdkafka, so it lives independently of the client.
public struct KafkaRecord: Sendable, Hashable {
    /// The topic it was read from.
    public var topic: String
    /// The partition it was read from.
    public var partition: Int32
    /// Its offset in the partition. To mark it processed, store or commit `offset + 1`.
    public var offset: Int64
    /// The key, or `nil` when the record has none.
    public var key: [UInt8]?
    /// The value; empty for a record with a null value.
    public var value: [UInt8]
    /// The headers in their stored order; keys may repeat.
    public var headers: [KafkaHeader]
    /// The timestamp, when the record has one.
    public var timestamp: KafkaTimestamp?

    /// Creates a record.
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader] = [],
        timestamp: KafkaTimestamp? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// The record's topic and partition.
    public var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition)
    }

    /// The key decoded as UTF-8, or `nil` when there is no key.
    public var keyString: String? {
        key.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value of the last header with this key, or `nil` when there is none or its value is null.
    public func header(_ key: String) -> [UInt8]? {
        headers.last { $0.key == key }?.value
    }

    /// The value of the last header with this key decoded as UTF-8.
    public func headerString(_ key: String) -> String? {
        headers.last { $0.key == key }?.stringValue
    }
}
