/// Kafka header names on records the worker moves to the dead-letter topic.
public enum DeadLetterHeaders {
    /// What is wrong, for a person (a ``NotificationParseError`` message).
    public static let error = "switchboard-dlq-error"
    /// The stable error code (``NotificationParseError/Code`` raw value).
    public static let errorCode = "switchboard-dlq-error-code"
    /// The topic the record came from.
    public static let sourceTopic = "switchboard-dlq-source-topic"
    /// The partition it came from (decimal text).
    public static let sourcePartition = "switchboard-dlq-source-partition"
    /// The offset it came from (decimal text).
    public static let sourceOffset = "switchboard-dlq-source-offset"
    /// When it was dead-lettered (RFC 3339).
    public static let failedAt = "switchboard-dlq-failed-at"
}
