extension JSONScanner {
    /// Reads a number; integers of up to 15 digits without going through text.
    mutating func parseNumber() throws(Failure) -> Double {
        let start = index
        var negative = false
        if peek == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard let first = peek, isDigit(first) else {
            throw error("unexpected \(JSONSyntaxError.describe(peek)), expected a digit")
        }
        var integer = 0
        var digits = 0
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = peek, isDigit(next) { throw error("numbers cannot have leading zeros") }
        } else {
            while let digit = peek, isDigit(digit) {
                if digits < 18 { integer = integer &* 10 &+ Int(digit &- UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
        }
        var isInteger = true
        if peek == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            try skipDigits(after: "'.'")
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            try skipDigits(after: "the exponent")
        }
        if isInteger, digits <= 15 {
            return Double(negative ? -integer : integer)
        }
        // The grammar was checked above, so the standard library's parser accepts the text.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw Failure(offset: start, reason: "number \(text) is out of range") }
        return value
    }

    private mutating func skipDigits(after what: String) throws(Failure) {
        guard let first = peek, isDigit(first) else {
            throw error("unexpected \(JSONSyntaxError.describe(peek)), expected a digit after \(what)")
        }
        while let digit = peek, isDigit(digit) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
