/// The Kafka record an outcome was produced from.
public struct OutcomeSource: Sendable, Hashable {
    /// The notifications topic.
    public var topic: String
    /// The partition.
    public var partition: Int
    /// The offset.
    public var offset: Int64
    /// The notification's index in the record's `value` array (a record may hold several notifications
    /// of one call, e.g. `incoming` and `terminated`); `nil` in outcomes written before it was recorded,
    /// read as 0.
    public var item: Int?

    /// Creates a source.
    public init(topic: String, partition: Int, offset: Int64, item: Int? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.item = item
    }
}
