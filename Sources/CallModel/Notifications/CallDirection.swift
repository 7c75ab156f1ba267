/// The direction of a Graph `call`: `incoming` or `outgoing`.
///
/// Matched case-insensitively; a value Graph adds later is kept verbatim in `rawValue`.
public struct CallDirection: GraphEnumeration {
    /// The value as received.
    public let rawValue: String
    /// The lowercased value used for equality.
    public let matchKey: String

    /// Keeps `rawValue` verbatim.
    public init(rawValue: String) {
        self.rawValue = rawValue
        self.matchKey = asciiLowercased(rawValue)
    }

    /// `incoming`
    public static let incoming = CallDirection(rawValue: "incoming")
    /// `outgoing`
    public static let outgoing = CallDirection(rawValue: "outgoing")

    /// The documented values.
    public static let knownValues: [CallDirection] = [
        .incoming,
        .outgoing,
    ]
}
