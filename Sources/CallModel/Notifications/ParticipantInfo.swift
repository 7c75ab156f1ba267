/// A Graph `participantInfo`: the caller (`source`) or who answered (`answeredBy`).
public struct ParticipantInfo: Sendable, Hashable, Codable {
    /// Who the participant is.
    public var identity: IdentitySet?
    /// The participant's home region (for example `amer`); it does not follow their location.
    public var region: String?
    /// ISO 3166-1 alpha-2 code of the participant's estimated location at the start of the call.
    public var countryCode: String?
    /// The participant's language (for example `en-US`).
    public var languageID: String?
    /// The kind of endpoint the participant uses.
    public var endpointType: EndpointType?
    /// The participant id.
    public var participantID: String?

    /// Creates participant information.
    public init(
        identity: IdentitySet? = nil,
        region: String? = nil,
        countryCode: String? = nil,
        languageID: String? = nil,
        endpointType: EndpointType? = nil,
        participantID: String? = nil
    ) {
        self.identity = identity
        self.region = region
        self.countryCode = countryCode
        self.languageID = languageID
        self.endpointType = endpointType
        self.participantID = participantID
    }

    enum CodingKeys: String, CodingKey {
        case identity, region, countryCode, endpointType
        case languageID = "languageId"
        case participantID = "participantId"
    }
}
