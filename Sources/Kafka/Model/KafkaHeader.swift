/// One Kafka record header. Keys may repeat; values may be null (`nil`) or empty.
public struct KafkaHeader: Sendable, Hashable {
    /// The header name.
    public var key: String
    /// The header bytes; `nil` is a null value, distinct from an empty one.
    public var value: [UInt8]?

    /// Creates a header with raw bytes (or a null value).
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// Creates a header with a UTF-8 string value.
    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }

    /// The value decoded as UTF-8, or `nil` when the value is null.
    public var stringValue: String? {
        value.map { String(decoding: $0, as: UTF8.self) }
    }
}
