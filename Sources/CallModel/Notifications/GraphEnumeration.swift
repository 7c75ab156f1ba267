/// A Graph string enumeration that is matched case-insensitively and keeps unknown values.
///
/// Graph documents camelCase values (`"created"`, `"terminated"`), real traffic sends PascalCase
/// (`"Created"`, `"Terminated"`), and new values appear over time (`unknownFutureValue`). A conforming
/// type keeps the value exactly as received in `rawValue` and compares by an ASCII-lowercased key, so
/// `ChangeType(rawValue: "Created") == .created`.
public protocol GraphEnumeration: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral where RawValue == String
{
    /// The documented values, in Graph's spelling.
    static var knownValues: [Self] { get }
    /// The value as received (or as documented, for the static members).
    var rawValue: String { get }
    /// The ASCII-lowercased value that equality and hashing use.
    var matchKey: String { get }
    /// Keeps `rawValue` verbatim; never fails.
    init(rawValue: String)
}

extension GraphEnumeration {
    /// A value from a literal, kept verbatim.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.matchKey == rhs.matchKey
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(matchKey)
    }

    /// The value as received.
    public var description: String { rawValue }

    /// Whether the value is one Graph documents (in any letter case).
    public var isKnown: Bool {
        Self.knownValues.contains(self)
    }

    /// The documented spelling when the value is known (`"Created"` → `"created"`), else `rawValue`.
    public var canonicalValue: String {
        Self.knownValues.first { $0 == self }?.rawValue ?? rawValue
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// ASCII lowercasing without Foundation; Graph's enumeration values are ASCII.
@inline(__always)
func asciiLowercased(_ value: String) -> String {
    var needsChange = false
    for byte in value.utf8 where byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
        needsChange = true
        break
    }
    guard needsChange else { return value }
    return String(decoding: value.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
}

/// Whether two strings are equal ignoring ASCII letter case, without allocating.
@inline(__always)
func asciiCaseInsensitiveEquals(_ lhs: String, _ rhs: String) -> Bool {
    var left = lhs.utf8.makeIterator()
    var right = rhs.utf8.makeIterator()
    while true {
        switch (left.next(), right.next()) {
        case (nil, nil):
            return true
        case let (a?, b?):
            if a == b { continue }
            let lowerA = a >= 65 && a <= 90 ? a + 32 : a
            let lowerB = b >= 65 && b <= 90 ? b + 32 : b
            if lowerA != lowerB { return false }
        default:
            return false
        }
    }
}
