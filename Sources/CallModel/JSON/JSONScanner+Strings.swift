extension JSONScanner {
    /// Reads a string starting at its opening quote; decodes escapes and checks UTF-8.
    mutating func parseString() throws(Failure) -> String {
        let quote = index
        index += 1
        let start = index
        var hasEscape = false
        var isASCII = true
        while true {
            // Plain text is skipped eight bytes at a time, to the first byte that needs a look: the closing quote,
            // an escape, a control character, or the first byte that is not ASCII.
            if index + 8 <= bytes.count, let base = bytes.baseAddress {
                let word = JSONByteWord.load(base, at: index)
                let marked = JSONByteWord.escapes(word) | (isASCII ? JSONByteWord.nonASCII(word) : 0)
                guard marked != 0 else {
                    index += 8
                    continue
                }
                index += JSONByteWord.firstMarked(marked)
            }
            guard index < bytes.count else {
                throw Failure(offset: quote, reason: "unterminated string")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscape = true
                index += 2
                continue
            }
            if byte < 0x20 {
                let hex = String(byte, radix: 16, uppercase: true)
                throw error("unescaped control character U+" + String(repeating: "0", count: 4 - hex.count) + hex + " in a string")
            }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        let end = index
        index += 1
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if !hasEscape {
            if isASCII { return String(decoding: raw, as: UTF8.self) }
            guard let string = String(validating: raw, as: UTF8.self) else {
                throw Failure(offset: start, reason: "string is not valid UTF-8")
            }
            return string
        }
        return try unescape(raw, at: start)
    }

    /// The slow path: a string with backslash escapes.
    private func unescape(_ raw: UnsafeBufferPointer<UInt8>, at base: Int) throws(Failure) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var position = 0
        while position < raw.count {
            let byte = raw[position]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                position += 1
                continue
            }
            guard position + 1 < raw.count else {
                throw Failure(offset: base + position, reason: "unterminated escape sequence")
            }
            let escaped = raw[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escaped)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try unicodeEscape(raw, &position, base: base)
                output.append(contentsOf: String(Character(scalar)).utf8)
            default:
                throw Failure(
                    offset: base + position - 2,
                    reason: "invalid escape sequence \\\(Character(Unicode.Scalar(escaped)))"
                )
            }
        }
        guard let string = String(validating: output, as: UTF8.self) else {
            throw Failure(offset: base, reason: "string is not valid UTF-8")
        }
        return string
    }

    /// Decodes `XXXX` (after `\u`), joining a UTF-16 surrogate pair when one follows.
    private func unicodeEscape(
        _ raw: UnsafeBufferPointer<UInt8>,
        _ position: inout Int,
        base: Int
    ) throws(Failure) -> Unicode.Scalar {
        let escapeStart = base + position - 2
        let high = try hexQuad(raw, &position, escapeStart: escapeStart)
        if high >= 0xDC00, high <= 0xDFFF {
            throw Failure(offset: escapeStart, reason: "unpaired UTF-16 surrogate \\u\(String(high, radix: 16))")
        }
        if high >= 0xD800, high <= 0xDBFF {
            guard position + 1 < raw.count, raw[position] == UInt8(ascii: "\\"), raw[position + 1] == UInt8(ascii: "u") else {
                throw Failure(offset: escapeStart, reason: "unpaired UTF-16 surrogate \\u\(String(high, radix: 16))")
            }
            position += 2
            let low = try hexQuad(raw, &position, escapeStart: escapeStart)
            guard low >= 0xDC00, low <= 0xDFFF else {
                throw Failure(offset: escapeStart, reason: "unpaired UTF-16 surrogate \\u\(String(high, radix: 16))")
            }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else {
                throw Failure(offset: escapeStart, reason: "invalid \\u escape")
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw Failure(offset: escapeStart, reason: "invalid \\u escape")
        }
        return scalar
    }

    private func hexQuad(
        _ raw: UnsafeBufferPointer<UInt8>,
        _ position: inout Int,
        escapeStart: Int
    ) throws(Failure) -> UInt32 {
        guard position + 4 <= raw.count else {
            throw Failure(offset: escapeStart, reason: "\\u must be followed by four hex digits")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = raw[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure(offset: escapeStart, reason: "\\u must be followed by four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
