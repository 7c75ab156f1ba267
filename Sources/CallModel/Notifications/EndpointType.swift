/// The kind of endpoint a participant uses (`endpointType`).
///
/// Matched case-insensitively; a value Graph adds later is kept verbatim in `rawValue`.
public struct EndpointType: GraphEnumeration {
    /// The value as received.
    public let rawValue: String
    /// The lowercased value used for equality.
    public let matchKey: String

    /// Keeps `rawValue` verbatim.
    public init(rawValue: String) {
        self.rawValue = rawValue
        self.matchKey = asciiLowercased(rawValue)
    }

    /// `default`
    public static let `default` = EndpointType(rawValue: "default")
    /// `voicemail`
    public static let voicemail = EndpointType(rawValue: "voicemail")
    /// `skypeForBusiness`
    public static let skypeForBusiness = EndpointType(rawValue: "skypeForBusiness")
    /// `skypeForBusinessVoipPhone`
    public static let skypeForBusinessVoipPhone = EndpointType(rawValue: "skypeForBusinessVoipPhone")
    /// `unknownFutureValue`
    public static let unknownFutureValue = EndpointType(rawValue: "unknownFutureValue")

    /// The documented values.
    public static let knownValues: [EndpointType] = [
        .`default`,
        .voicemail,
        .skypeForBusiness,
        .skypeForBusinessVoipPhone,
        .unknownFutureValue,
    ]
}
