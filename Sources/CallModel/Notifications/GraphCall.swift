/// A Graph `call` as a notification's `resourceData` carries it: the fields an incoming or
/// terminated call needs. Other members of the payload are tolerated and dropped.
public struct GraphCall: Sendable, Hashable {
    /// The `@odata.type` annotation, normally `#microsoft.graph.call`.
    public var odataType: String?
    /// The call id used in `/communications/calls/{id}`.
    public var id: String?
    /// The call state; `incoming` when the call is offered to the bot.
    public var state: CallState?
    /// `incoming` or `outgoing`.
    public var direction: CallDirection?
    /// The caller. Its identity is `encrypted` when the bot lacks the permission to see it.
    public var source: ParticipantInfo?
    /// Who the call was placed to: the bot or one of its resource accounts.
    public var targets: [InvitationParticipantInfo]
    /// The tenant of the call.
    public var tenantID: String?
    /// The bot's participant id in the call.
    public var myParticipantID: String?
    /// The URI Graph posts this call's later notifications to.
    public var callbackURI: String?
    /// Why the call ended, on `terminated` notifications.
    public var resultInfo: ResultInfo?
    /// Who picked up a redirected call (beta).
    public var answeredBy: ParticipantInfo?
    /// On whose behalf the call arrived and who transferred it.
    public var incomingContext: IncomingContext?
    /// How the call was retargeted before it reached the bot.
    public var callRoutes: [CallRoute]
    /// The modalities the caller asked for.
    public var requestedModalities: [Modality]
    /// The id shared by all legs of the conversation.
    public var callChainID: String?

    /// Creates a call.
    public init(
        odataType: String? = "#microsoft.graph.call",
        id: String? = nil,
        state: CallState? = nil,
        direction: CallDirection? = nil,
        source: ParticipantInfo? = nil,
        targets: [InvitationParticipantInfo] = [],
        tenantID: String? = nil,
        myParticipantID: String? = nil,
        callbackURI: String? = nil,
        resultInfo: ResultInfo? = nil,
        answeredBy: ParticipantInfo? = nil,
        incomingContext: IncomingContext? = nil,
        callRoutes: [CallRoute] = [],
        requestedModalities: [Modality] = [],
        callChainID: String? = nil
    ) {
        self.odataType = odataType
        self.id = id
        self.state = state
        self.direction = direction
        self.source = source
        self.targets = targets
        self.tenantID = tenantID
        self.myParticipantID = myParticipantID
        self.callbackURI = callbackURI
        self.resultInfo = resultInfo
        self.answeredBy = answeredBy
        self.incomingContext = incomingContext
        self.callRoutes = callRoutes
        self.requestedModalities = requestedModalities
        self.callChainID = callChainID
    }

    /// The caller's kind: `encrypted` when Graph hides the caller, else user, phone, guest, ….
    public var callerKind: IdentityKind? {
        source?.identity?.primaryKind
    }
}
