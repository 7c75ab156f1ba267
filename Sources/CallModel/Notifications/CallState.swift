/// The state of a Graph `call` (`callState`).
///
/// Matched case-insensitively; a value Graph adds later is kept verbatim in `rawValue`.
public struct CallState: GraphEnumeration {
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
    public static let incoming = CallState(rawValue: "incoming")
    /// `establishing`
    public static let establishing = CallState(rawValue: "establishing")
    /// `ringing`
    public static let ringing = CallState(rawValue: "ringing")
    /// `established`
    public static let established = CallState(rawValue: "established")
    /// `hold`
    public static let hold = CallState(rawValue: "hold")
    /// `transferring`
    public static let transferring = CallState(rawValue: "transferring")
    /// `transferAccepted`
    public static let transferAccepted = CallState(rawValue: "transferAccepted")
    /// `redirecting`
    public static let redirecting = CallState(rawValue: "redirecting")
    /// `terminating`
    public static let terminating = CallState(rawValue: "terminating")
    /// `terminated`
    public static let terminated = CallState(rawValue: "terminated")

    /// The documented values.
    public static let knownValues: [CallState] = [
        .incoming,
        .establishing,
        .ringing,
        .established,
        .hold,
        .transferring,
        .transferAccepted,
        .redirecting,
        .terminating,
        .terminated,
    ]
}
