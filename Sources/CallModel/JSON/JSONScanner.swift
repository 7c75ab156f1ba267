/// A strict RFC 8259 JSON reader that reports the byte offset of the first error.
///
/// Strict means: no trailing commas, no comments, no single quotes, no leading zeros, no control
/// characters inside strings, valid UTF-8 only, no duplicate keys in an object. A leading UTF-8 byte
/// order mark is skipped. Nesting is limited so a hostile body cannot exhaust the stack.
struct JSONScanner {
    /// The deepest nesting of arrays and objects accepted; Graph notifications use about 8 levels.
    static let maximumDepth = 64

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    private var depth = 0
    /// Members of the objects being read, innermost last; each object's members are copied out in
    /// one exactly sized array when it closes, instead of growing an array per object.
    private var memberStack: [JSONMember] = []
    /// Elements of the arrays being read, the same way.
    private var elementStack: [JSONValue] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        memberStack.reserveCapacity(32)
        elementStack.reserveCapacity(16)
    }

    /// Reads exactly one JSON value, surrounded by optional whitespace.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var scanner = JSONScanner(bytes: bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            scanner.index = 3
        }
        scanner.skipWhitespace()
        if scanner.index == bytes.count {
            throw JSONSyntaxError(offset: scanner.index, reason: "the body is empty")
        }
        let value = try scanner.parseValue()
        scanner.skipWhitespace()
        if scanner.index != bytes.count {
            throw scanner.error("unexpected \(JSONSyntaxError.describe(scanner.peek)) after the end of the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard let byte = peek else { throw error("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "'"): throw error("single-quoted strings are not JSON; use double quotes")
        case UInt8(ascii: "/"): throw error("comments are not allowed in JSON")
        default: throw error("unexpected \(JSONSyntaxError.describe(byte)), expected a value")
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object([])
        }
        let base = memberStack.count
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else {
                if peek == UInt8(ascii: "}"), memberStack.count > base { throw error("trailing comma before '}'") }
                throw error("unexpected \(JSONSyntaxError.describe(peek)), expected a double-quoted member name")
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else {
                throw error("unexpected \(JSONSyntaxError.describe(peek)), expected ':' after the member name \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            for position in base..<memberStack.count where memberStack[position].key == key {
                throw JSONSyntaxError(offset: keyOffset, reason: "duplicate member name \"\(key)\"")
            }
            memberStack.append(JSONMember(key: key, value: value))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                let members = Array(memberStack[base...])
                memberStack.removeSubrange(base...)
                return .object(members)
            default:
                throw error("unexpected \(JSONSyntaxError.describe(peek)), expected ',' or '}' after the value of \"\(key)\"")
            }
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let base = elementStack.count
        while true {
            skipWhitespace()
            if peek == UInt8(ascii: "]"), elementStack.count > base { throw error("trailing comma before ']'") }
            let element = try parseValue()
            elementStack.append(element)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                let elements = Array(elementStack[base...])
                elementStack.removeSubrange(base...)
                return .array(elements)
            default:
                throw error("unexpected \(JSONSyntaxError.describe(peek)), expected ',' or ']' in an array")
            }
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("nesting deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = index
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw JSONSyntaxError(offset: start, reason: "invalid literal, expected \(literal)") }
        let expected = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw JSONSyntaxError(offset: start, reason: "invalid literal, expected \(literal)")
        }
        index += count
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
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
        guard let value = Double(text) else { throw JSONSyntaxError(offset: start, reason: "number \(text) is out of range") }
        return value
    }

    private mutating func skipDigits(after what: String) throws(JSONSyntaxError) {
        guard let first = peek, isDigit(first) else {
            throw error("unexpected \(JSONSyntaxError.describe(peek)), expected a digit after \(what)")
        }
        while let digit = peek, isDigit(digit) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: - Whitespace and errors

    var peek: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, reason: reason)
    }
}
