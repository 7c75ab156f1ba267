/// Where and why a byte sequence is not strict JSON (RFC 8259).
///
/// ```
/// invalid JSON at line 21, column 9: trailing comma before '}'
/// ```
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for a person: "trailing comma before '}'".
    public var reason: String
    /// The byte offset of the offending character (or of the end of input).
    public var offset: Int
    /// The 1-based line of `offset`.
    public var line: Int
    /// The 1-based column of `offset`, counted in Unicode scalars.
    public var column: Int

    /// Creates an error.
    public init(reason: String, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// A failure of the scanner, placed in the bytes it read.
    init(_ failure: JSONScanner.Failure, in bytes: UnsafeBufferPointer<UInt8>) {
        let position = Self.position(of: failure.offset, in: bytes)
        self.init(reason: failure.reason, offset: failure.offset, line: position.line, column: position.column)
    }

    /// "invalid JSON at line 21, column 9: trailing comma before '}'".
    public var message: String {
        "invalid JSON at line \(line), column \(column): \(reason)"
    }

    /// The ``message``.
    public var description: String { message }

    /// The 1-based line and column of `offset` in `bytes`; the column counts Unicode scalars.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Count the first byte of each UTF-8 sequence, not its continuation bytes.
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    /// How a byte is named in a message: `'}'`, `end of input`, `byte 0xFF`.
    static func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "end of input" }
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        switch byte {
        case UInt8(ascii: " "): return "a space"
        case UInt8(ascii: "\n"): return "a line feed"
        case UInt8(ascii: "\t"): return "a tab"
        case UInt8(ascii: "\r"): return "a carriage return"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
}
