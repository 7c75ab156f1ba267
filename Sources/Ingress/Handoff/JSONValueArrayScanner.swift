import Foundation

/// Finds, without decoding, where the top-level `value` array of a JSON object and its items are.
///
/// Used only on bodies the parser has already accepted, to cut them at item boundaries. Returns `nil`
/// for anything unexpected, and when `value` appears more than once (the split would be ambiguous).
struct JSONValueArrayScanner {
    /// Byte offsets in the scanned body.
    struct Layout: Equatable {
        /// The `[` of the array.
        var open: Int
        /// The `]` of the array.
        var close: Int
        /// Each item, without surrounding whitespace.
        var items: [Range<Int>]
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Where the `value` array of `bytes` and its items are, or `nil`.
    static func layout(of bytes: [UInt8]) -> Layout? {
        var scanner = JSONValueArrayScanner(bytes)
        return scanner.scan()
    }

    private mutating func scan() -> Layout? {
        skipWhitespace()
        guard consume(UInt8(ascii: "{")) else { return nil }
        var layout: Layout?
        while true {
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return layout }
            guard let key = skipString() else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            if isValueKey(key) {
                guard layout == nil, let found = scanArray() else { return nil }
                layout = found
            } else {
                guard skipValue() else { return nil }
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "}")) else { return nil }
            return layout
        }
    }

    private mutating func scanArray() -> Layout? {
        guard peek == UInt8(ascii: "[") else { return nil }
        let open = index
        index += 1
        var items: [Range<Int>] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return Layout(open: open, close: index - 1, items: []) }
        while true {
            skipWhitespace()
            let start = index
            guard skipValue() else { return nil }
            items.append(start..<index)
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            guard peek == UInt8(ascii: "]") else { return nil }
            let close = index
            index += 1
            return Layout(open: open, close: close, items: items)
        }
    }

    /// Skips one value of any kind; `false` when the input ends or is not JSON.
    private mutating func skipValue() -> Bool {
        guard let byte = peek else { return false }
        switch byte {
        case UInt8(ascii: "\""):
            return skipString() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while let current = peek {
                switch current {
                case UInt8(ascii: "\""):
                    guard skipString() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default:
                    break
                }
                index += 1
            }
            return false
        default:
            // A number or a literal: up to the next delimiter.
            let start = index
            while let current = peek, !Self.isDelimiter(current) { index += 1 }
            return index > start
        }
    }

    /// Skips a string starting at `"`; returns the range of its raw content.
    private mutating func skipString() -> Range<Int>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while let current = peek {
            if current == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if current == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            index += 1
        }
        return nil
    }

    private func isValueKey(_ range: Range<Int>) -> Bool {
        let raw = bytes[range]
        if raw.elementsEqual("value".utf8) { return true }
        guard raw.contains(UInt8(ascii: "\\")) else { return false }
        // An escaped member name (`"\u0076alue"`) is rare; decode it the slow way.
        let quoted = [UInt8(ascii: "\"")] + raw + [UInt8(ascii: "\"")]
        return (try? JSONDecoder().decode(String.self, from: Data(quoted))) == "value"
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while let current = peek, current == 0x20 || current == 0x0A || current == 0x0D || current == 0x09 {
            index += 1
        }
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
            || byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
