extension JSONValue {
    /// Parses strict JSON (RFC 8259): exactly one value, optionally surrounded by whitespace.
    ///
    /// Strict means: no trailing commas, comments, single quotes or leading zeros; no control
    /// characters inside strings; valid UTF-8 only; no two members of one object with the same
    /// name; at most 64 levels of nesting. A leading UTF-8 byte order mark is skipped. This is the
    /// parser Graph notifications go through (``NotificationParser``).
    ///
    /// - Throws: ``JSONSyntaxError`` with the line and column of the first error.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withBytes { buffer throws(JSONSyntaxError) in try parse(buffer) }
    }

    /// Parses strict JSON held in borrowed memory.
    ///
    /// - Throws: ``JSONSyntaxError`` with the line and column of the first error.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes.assumingMemoryBound(to: UInt8.self))
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        do {
            return try JSONScanner.parse(buffer)
        } catch {
            throw JSONSyntaxError(error, in: buffer)
        }
    }
}
