/// The Kafka record an outcome was produced from.
public struct OutcomeSource: Sendable, Codable, Hashable {
    /// The notifications topic.
    public var topic: String
    /// The partition.
    public var partition: Int
    /// The offset.
    public var offset: Int64

    /// Creates a source.
    public init(topic: String, partition: Int, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
