/// The shape of a call id the ingress lets through to a Kafka key and the worker to a Graph URL path.
///
/// Graph's call ids are GUIDs (`491f0b00-ffff-4bc9-a43e-b226498ec22a`). The ingress accepts a little
/// more, and nothing that could change the meaning of a path: 1 to ``maxLength`` ASCII letters,
/// digits, `-`, `_` and `.`, starting with a letter or a digit. So `.`, `..`, `../x`, `a/b`, `a?b`,
/// `%2e` and non-ASCII ids are refused (400) before they are stored.
public enum CallIDPattern {
    /// The longest accepted id, in bytes.
    public static let maxLength = 128

    /// Whether `id` has the accepted shape.
    public static func matches(_ id: String) -> Bool {
        // Over the bytes in place: `utf8.allSatisfy` steps the string's iterator, several times the cost per byte.
        var id = id
        return id.withUTF8 { bytes in
            guard let first = bytes.first, bytes.count <= maxLength, isAlphanumeric(first) else { return false }
            return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
