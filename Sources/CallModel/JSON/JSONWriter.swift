/// Writes JSON text straight into bytes, keys in the order they are written.
///
/// Used for the redirect body on the hot path, where an `Encodable` round trip through
/// `JSONEncoder` would cost more than the whole routing decision, and for ``JSONValue/jsonBytes(prettyPrinted:)``.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    private let prettyPrinted: Bool
    private var depth = 0
    /// Whether the container at each depth already holds a value: bit `depth` below 64 levels…
    private var hasValue: UInt64 = 0
    /// …and element `depth - 64` beyond (only a deeply nested `JSONValue` gets there).
    private var deeperHasValue: [Bool] = []
    /// Set after a key, so the value that follows is not preceded by a comma.
    private var afterKey = false

    package init(prettyPrinted: Bool = false, capacity: Int = 512) {
        self.prettyPrinted = prettyPrinted
        bytes.reserveCapacity(capacity)
    }

    package mutating func beginObject() {
        beginValue()
        bytes.append(UInt8(ascii: "{"))
        push()
    }

    package mutating func endObject() {
        pop(closing: UInt8(ascii: "}"))
    }

    package mutating func beginArray() {
        beginValue()
        bytes.append(UInt8(ascii: "["))
        push()
    }

    package mutating func endArray() {
        pop(closing: UInt8(ascii: "]"))
    }

    package mutating func key(_ key: String) {
        beginValue()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        if prettyPrinted { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    package mutating func string(_ value: String) {
        beginValue()
        appendQuoted(value)
    }

    /// A string given as its UTF-8 bytes, for text made in a buffer (a timestamp) rather than a `String`.
    package mutating func string(utf8 value: UnsafeBufferPointer<UInt8>) {
        beginValue()
        appendQuoted(value)
    }

    package mutating func int(_ value: Int) {
        beginValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A whole number below 10¹⁵ in magnitude without a fraction, others in the shortest form that
    /// reads back the same; non-finite numbers (which JSON cannot hold) as `null`.
    package mutating func number(_ value: Double) {
        guard value.isFinite else {
            null()
            return
        }
        if value.rounded() == value, abs(value) < 1e15 {
            int(Int(value))
            return
        }
        beginValue()
        bytes.append(contentsOf: value.description.utf8)
    }

    package mutating func null() {
        beginValue()
        bytes.append(contentsOf: "null".utf8)
    }

    package mutating func bool(_ value: Bool) {
        beginValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// `"key": "value"`.
    package mutating func member(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    // MARK: - Layout

    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        if holdsValue(depth) { bytes.append(UInt8(ascii: ",")) }
        setHoldsValue(depth, true)
        if prettyPrinted, depth > 0 { newline() }
    }

    private mutating func push() {
        depth += 1
        setHoldsValue(depth, false)
    }

    private mutating func pop(closing: UInt8) {
        let wroteValues = holdsValue(depth)
        depth -= 1
        if prettyPrinted, wroteValues { newline() }
        bytes.append(closing)
    }

    private func holdsValue(_ level: Int) -> Bool {
        level < 64 ? hasValue & (1 << UInt64(level)) != 0 : deeperHasValue[level - 64]
    }

    private mutating func setHoldsValue(_ level: Int, _ holds: Bool) {
        if level < 64 {
            if holds { hasValue |= 1 << UInt64(level) } else { hasValue &= ~(1 << UInt64(level)) }
        } else if level - 64 < deeperHasValue.count {
            deeperHasValue[level - 64] = holds
        } else {
            deeperHasValue.append(holds)
        }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { bytes.append(contentsOf: [0x20, 0x20]) }
    }

    /// Control characters, the quote and the backslash are written as escapes.
    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func appendQuoted(_ string: String) {
        // A native string's bytes are used in place (a small one's are copied to the stack).
        var string = string
        string.withUTF8 { appendQuoted($0) }
    }

    /// Runs that need no escaping (most text: ids, URLs, names) are copied whole. The next byte to escape is
    /// found eight bytes at a time (`JSONByteWord`), the last few bytes one by one.
    private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        while index < utf8.count {
            if index + 8 <= utf8.count, let base = utf8.baseAddress {
                let escapes = JSONByteWord.escapes(JSONByteWord.load(base, at: index))
                guard escapes != 0 else {
                    index += 8
                    continue
                }
                index += JSONByteWord.firstMarked(escapes)
            } else if !Self.needsEscaping(utf8[index]) {
                index += 1
                continue
            }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            appendEscape(utf8[index])
            index += 1
            runStart = index
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }
}
