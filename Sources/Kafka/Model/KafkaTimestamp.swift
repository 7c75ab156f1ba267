/// A record's timestamp, in milliseconds since the Unix epoch.
public struct KafkaTimestamp: Sendable, Hashable {
    /// Who set the timestamp.
    public enum Kind: Sendable, Hashable {
        /// The producer set it when it created the record.
        case createTime
        /// The broker set it when it appended the record to the log.
        case logAppendTime
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64
    /// Who set the timestamp.
    public var kind: Kind

    /// Creates a timestamp.
    public init(milliseconds: Int64, kind: Kind) {
        self.milliseconds = milliseconds
        self.kind = kind
    }
}
