/// A Graph `invitationParticipantInfo`: who an incoming call was placed to (the call's `targets`).
///
/// Notifications put `endpointType`, `id`, `region` and `languageId` on targets although the
/// schema lists fewer fields; all are kept.
public struct InvitationParticipantInfo: Sendable, Hashable {
    /// Who the target is: for an incoming call, the bot (`application`) or a resource account
    /// (`applicationInstance`).
    public var identity: IdentitySet?
    /// The kind of endpoint.
    public var endpointType: EndpointType?
    /// The id Graph gives the target in the notification.
    public var id: String?
    /// The target's region.
    public var region: String?
    /// The target's language.
    public var languageID: String?
    /// The id of the target participant.
    public var participantID: String?
    /// The call the target is currently part of.
    public var replacesCallID: String?
    /// Whether the participant is hidden from the roster.
    public var hidden: Bool?

    /// Creates invitation participant information.
    public init(
        identity: IdentitySet? = nil,
        endpointType: EndpointType? = nil,
        id: String? = nil,
        region: String? = nil,
        languageID: String? = nil,
        participantID: String? = nil,
        replacesCallID: String? = nil,
        hidden: Bool? = nil
    ) {
        self.identity = identity
        self.endpointType = endpointType
        self.id = id
        self.region = region
        self.languageID = languageID
        self.participantID = participantID
        self.replacesCallID = replacesCallID
        self.hidden = hidden
    }
}
