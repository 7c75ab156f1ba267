public import Foundation

extension UUID {
    /// The UUID in its canonical lowercase text form (`8-4-4-4-12` hex digits), the form every id in
    /// outcomes, record headers and Graph's `client-request-id` takes.
    ///
    /// The same text as `uuidString.lowercased()`, written straight into one string: Foundation formats
    /// `uuidString` with `snprintf` and `lowercased()` copies it again, several times per call on the
    /// worker's hot path.
    public var lowercasedString: String {
        let bytes = uuid
        return withUnsafeBytes(of: bytes) { raw in
            String(unsafeUninitializedCapacity: 36) { text in
                var position = 0
                for (index, byte) in raw.enumerated() {
                    // Dashes after the 4th, 6th, 8th and 10th byte.
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = Self.hexDigit(byte >> 4)
                    text[position + 1] = Self.hexDigit(byte & 0x0F)
                    position += 2
                }
                return position
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
