/// Writes JSON text straight into bytes, keys in the order they are written.
///
/// Used for the redirect body on the hot path, where an `Encodable` round trip through
/// `JSONEncoder` would cost more than the whole routing decision.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private let prettyPrinted: Bool
    private var depth = 0
    /// Whether the container at each depth already holds a value (bit `depth`).
    private var hasValue: UInt64 = 0
    /// Set after a key, so the value that follows is not preceded by a comma.
    private var afterKey = false

    init(prettyPrinted: Bool = false, capacity: Int = 512) {
        self.prettyPrinted = prettyPrinted
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        beginValue()
        bytes.append(UInt8(ascii: "{"))
        push()
    }

    mutating func endObject() {
        pop(closing: UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        beginValue()
        bytes.append(UInt8(ascii: "["))
        push()
    }

    mutating func endArray() {
        pop(closing: UInt8(ascii: "]"))
    }

    mutating func key(_ key: String) {
        beginValue()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        if prettyPrinted { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    mutating func string(_ value: String) {
        beginValue()
        appendQuoted(value)
    }

    mutating func int(_ value: Int) {
        beginValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        beginValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// `"key": "value"`.
    mutating func member(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    // MARK: - Layout

    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        let bit: UInt64 = 1 << UInt64(depth)
        if hasValue & bit != 0 { bytes.append(UInt8(ascii: ",")) }
        hasValue |= bit
        if prettyPrinted, depth > 0 { newline() }
    }

    private mutating func push() {
        // Nesting is bounded by the types written (the redirect body nests 5 levels).
        precondition(depth < 63, "JSONWriter nesting too deep")
        depth += 1
        hasValue &= ~(1 << UInt64(depth))
    }

    private mutating func pop(closing: UInt8) {
        let wroteValues = hasValue & (1 << UInt64(depth)) != 0
        depth -= 1
        if prettyPrinted, wroteValues { newline() }
        bytes.append(closing)
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { bytes.append(contentsOf: [0x20, 0x20]) }
    }

    private mutating func appendQuoted(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: most text (ids, URLs, names) needs no escaping and is copied in one go.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: string.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
