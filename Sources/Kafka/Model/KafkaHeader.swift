/// One Kafka record header. Keys may repeat; values may be null (`nil`) or empty.
public struct KafkaHeader: Sendable, Hashable {
    /// The header name.
    public var key: String

    /// A string value is kept as the string and handed to librdkafka from its own UTF-8 storage: the
    /// worker writes about ten string headers per call, and copying each into an array first was an
    /// allocation apiece.
    private enum Storage: Sendable {
        case bytes([UInt8])
        case string(String)
        case null
    }

    private var storage: Storage

    /// The header bytes; `nil` is a null value, distinct from an empty one.
    public var value: [UInt8]? {
        get {
            switch storage {
            case .bytes(let bytes): bytes
            case .string(let string): Array(string.utf8)
            case .null: nil
            }
        }
        set { storage = newValue.map(Storage.bytes) ?? .null }
    }

    /// Creates a header with raw bytes (or a null value).
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.storage = value.map(Storage.bytes) ?? .null
    }

    /// Creates a header with a UTF-8 string value.
    public init(key: String, string: String) {
        self.key = key
        self.storage = .string(string)
    }

    /// The value decoded as UTF-8, or `nil` when the value is null.
    public var stringValue: String? {
        switch storage {
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        case .string(let string): string
        case .null: nil
        }
    }

    /// Calls `body` with the value's bytes (`nil` for a null value) without copying them.
    func withValueBytes<Result>(_ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
        switch storage {
        case .bytes(let bytes):
            return bytes.withUnsafeBytes { body($0) }
        case .string(var string):
            return string.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        case .null:
            return body(nil)
        }
    }

    // Equal when the key and the bytes are, however the value was given.
    public static func == (lhs: KafkaHeader, rhs: KafkaHeader) -> Bool {
        lhs.key == rhs.key && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(value)
    }
}
