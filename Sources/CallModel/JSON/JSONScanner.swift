/// A strict RFC 8259 JSON reader that reports the byte offset of the first error.
///
/// Strict means: no trailing commas, no comments, no single quotes, no leading zeros, no control
/// characters inside strings, valid UTF-8 only, no duplicate keys in an object. A leading UTF-8 byte
/// order mark is skipped. Nesting is limited so a hostile body cannot exhaust the stack.
struct JSONScanner {
    /// The deepest nesting of arrays and objects accepted; Graph notifications use about 8 levels.
    static let maximumDepth = 64

    /// Where and why the bytes are not strict JSON; placed into lines and columns only on failure.
    struct Failure: Error {
        /// Byte offset of the offending character (or of the end of input).
        var offset: Int
        var reason: String
    }

    /// Where the top-level object's `value` array and its items are, in bytes.
    struct ValueArrayLayout: Sendable, Hashable {
        /// From the array's `[` through its `]`.
        var array: Range<Int>
        /// Each item, without the whitespace around it.
        var items: [Range<Int>]
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    private var depth = 0
    /// Members of the objects being read, innermost last; each object's members are copied out in
    /// one exactly sized array when it closes, instead of growing an array per object.
    private var memberStack: [JSONMember] = []
    /// Elements of the arrays being read, the same way.
    private var elementStack: [JSONValue] = []
    /// Whether to note where the top-level object's `value` array and its items are.
    private let recordsValueArray: Bool
    /// Set when `recordsValueArray` and the document is an object with a `value` array.
    private(set) var valueArrayLayout: ValueArrayLayout?
    /// Member-name comparisons and set probes made by the duplicate check (a test seam: the check
    /// must stay linear in the number of members, whatever the machine's speed).
    private(set) var memberNameChecks = 0

    /// Up to this many members an object's names are compared one by one (no allocation, and a
    /// Graph object has a handful of members); past it they go into a set, so the check is linear.
    static let linearDuplicateCheckLimit = 8

    private init(bytes: UnsafeBufferPointer<UInt8>, recordsValueArray: Bool) {
        self.bytes = bytes
        self.recordsValueArray = recordsValueArray
        memberStack.reserveCapacity(32)
        elementStack.reserveCapacity(16)
    }

    /// Reads exactly one JSON value, surrounded by optional whitespace.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var scanner = JSONScanner(bytes: bytes, recordsValueArray: false)
        return try scanner.parseDocument()
    }

    /// Reads exactly one JSON value, and notes where a top-level object's `value` array and its
    /// items are (the ingress cuts bodies at those places, keeping each item's bytes).
    static func parseRecordingValueArray(
        _ bytes: UnsafeBufferPointer<UInt8>
    ) throws(Failure) -> (JSONValue, ValueArrayLayout?) {
        var scanner = JSONScanner(bytes: bytes, recordsValueArray: true)
        let document = try scanner.parseDocument()
        return (document, scanner.valueArrayLayout)
    }

    /// Parses `bytes` and returns how many member-name checks the duplicate check made.
    static func memberNameChecks(parsing bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Int {
        var scanner = JSONScanner(bytes: bytes, recordsValueArray: false)
        _ = try scanner.parseDocument()
        return scanner.memberNameChecks
    }

    private mutating func parseDocument() throws(Failure) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }
        skipWhitespace()
        if index == bytes.count {
            throw Failure(offset: index, reason: "the body is empty")
        }
        let value = try parseValue()
        skipWhitespace()
        if index != bytes.count {
            throw error("unexpected \(JSONSyntaxError.describe(peek)) after the end of the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue() throws(Failure) -> JSONValue {
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

    private mutating func parseObject() throws(Failure) -> JSONValue {
        try enterContainer()
        index += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject())
        }
        let base = memberStack.count
        // The names seen so far, once the object has more than a few members.
        var names: Set<String>?
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
            let value: JSONValue
            if recordsValueArray, depth == 1, peek == UInt8(ascii: "["), key == "value" {
                value = try parseArray(recordingItems: true)
            } else {
                value = try parseValue()
            }
            try checkUnique(key, at: keyOffset, members: base..<memberStack.count, names: &names)
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
                return .object(JSONObject(members))
            default:
                throw error("unexpected \(JSONSyntaxError.describe(peek)), expected ',' or '}' after the value of \"\(key)\"")
            }
        }
    }

    /// Refuses `key` when an earlier member of the object (at `members` of the member stack) has it.
    ///
    /// Compares one by one while the object is small, then keeps the names in `names`, so an object of
    /// n members costs O(n) checks, not O(n²).
    private mutating func checkUnique(
        _ key: String,
        at keyOffset: Int,
        members: Range<Int>,
        names: inout Set<String>?
    ) throws(Failure) {
        if names == nil, members.count < Self.linearDuplicateCheckLimit {
            for position in members {
                memberNameChecks += 1
                if memberStack[position].key == key {
                    throw Failure(offset: keyOffset, reason: "duplicate member name \"\(key)\"")
                }
            }
            return
        }
        if names == nil {
            var seen = Set<String>(minimumCapacity: 2 * members.count)
            for position in members { seen.insert(memberStack[position].key) }
            memberNameChecks += members.count
            names = seen
        }
        memberNameChecks += 1
        guard names?.insert(key).inserted ?? true else {
            throw Failure(offset: keyOffset, reason: "duplicate member name \"\(key)\"")
        }
    }

    /// Reads an array; with `recordingItems`, notes where it and each of its items are.
    private mutating func parseArray(recordingItems: Bool = false) throws(Failure) -> JSONValue {
        try enterContainer()
        let open = index
        var items: [Range<Int>] = []
        index += 1
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            if recordingItems { valueArrayLayout = ValueArrayLayout(array: open..<index, items: []) }
            return .array([])
        }
        let base = elementStack.count
        while true {
            skipWhitespace()
            if peek == UInt8(ascii: "]"), elementStack.count > base { throw error("trailing comma before ']'") }
            let start = index
            let element = try parseValue()
            if recordingItems { items.append(start..<index) }
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
                if recordingItems { valueArrayLayout = ValueArrayLayout(array: open..<index, items: items) }
                return .array(elements)
            default:
                throw error("unexpected \(JSONSyntaxError.describe(peek)), expected ',' or ']' in an array")
            }
        }
    }

    private mutating func enterContainer() throws(Failure) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("nesting deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(Failure) {
        let start = index
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw Failure(offset: start, reason: "invalid literal, expected \(literal)") }
        let expected = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw Failure(offset: start, reason: "invalid literal, expected \(literal)")
        }
        index += count
    }

    // MARK: - Whitespace and errors

    var peek: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    func error(_ reason: String) -> Failure {
        Failure(offset: index, reason: reason)
    }
}
