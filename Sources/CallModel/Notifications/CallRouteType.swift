/// How a call was retargeted (`callRoute.routingType`).
///
/// Matched case-insensitively; a value Graph adds later is kept verbatim in `rawValue`.
public struct CallRouteType: GraphEnumeration {
    /// The value as received.
    public let rawValue: String
    /// The lowercased value used for equality.
    public let matchKey: String

    /// Keeps `rawValue` verbatim.
    public init(rawValue: String) {
        self.rawValue = rawValue
        self.matchKey = asciiLowercased(rawValue)
    }

    /// `forwarded`
    public static let forwarded = CallRouteType(rawValue: "forwarded")
    /// `lookup`
    public static let lookup = CallRouteType(rawValue: "lookup")
    /// `selfFork`
    public static let selfFork = CallRouteType(rawValue: "selfFork")

    /// The documented values.
    public static let knownValues: [CallRouteType] = [
        .forwarded,
        .lookup,
        .selfFork,
    ]
}
