public import Foundation

/// The data of one outcome event: what happened to a call, why, and how long it took.
///
/// Encoded as the JSON data of a CloudEvent (see ``OutcomeEvent``); the JSON Schema in `topics/`
/// describes the same shape. Fields that do not apply to a type are omitted.
public struct CallOutcome: Sendable, Hashable {
    /// What happened.
    public var type: OutcomeType
    /// The Graph call id (the Kafka key).
    public var callID: String
    /// The call's tenant.
    public var tenantID: String?
    /// The rule that decided (or the default); `nil` when no rule matched or for `completed`.
    public var rule: RuleReference?
    /// Why the rule matched, or why none did.
    public var explanation: String?
    /// A short reason: the ignore rule's reason, why the call expired, what it duplicates.
    public var reason: String?
    /// The redirect targets (for redirected and failed).
    public var targets: [RedirectTarget]
    /// The reason sent with Graph's `reject` (for rejected, and for the attempting, failed, expired and
    /// unconfirmed outcomes of a reject).
    public var rejectReason: RejectReason?
    /// How many redirect requests were sent to Graph.
    public var attempts: Int
    /// Graph's error for a failed redirect (the last attempt's).
    public var graph: GraphErrorSummary?
    /// The `request-id` of Graph's accepting response.
    public var graphRequestID: String?
    /// The `client-request-id` of the request Graph accepted (or the last one sent).
    public var clientRequestID: String?
    /// When it happened.
    public var timings: OutcomeTimings
    /// Why the call ended (for completed).
    public var resultInfo: ResultInfo?
    /// Who picked up (for completed, when Graph says).
    public var answeredBy: IdentitySet?
    /// How the call ended, normalised from `resultInfo` (for completed).
    public var disposition: CallDisposition?
    /// For completed: milliseconds from the redirect (or reject) Graph accepted to the call's end, when the
    /// worker knows that outcome.
    public var redirectToEndMilliseconds: Int?
    /// The caller's identity kind (user, phone, guest, encrypted, …), without the caller's ids.
    public var callerKind: IdentityKind?
    /// Graph's correlation id for the call (`Scenario-Id` / `X-Microsoft-Skype-Chain-ID`).
    public var scenarioID: String?
    /// The notification record this outcome answers.
    public var source: OutcomeSource?
    /// For `completed`: the earlier final outcome of the call this one settles, when the worker knows it.
    public var settles: SettledOutcome?

    /// Creates an outcome.
    public init(
        type: OutcomeType,
        callID: String,
        tenantID: String? = nil,
        rule: RuleReference? = nil,
        explanation: String? = nil,
        reason: String? = nil,
        targets: [RedirectTarget] = [],
        rejectReason: RejectReason? = nil,
        attempts: Int = 0,
        graph: GraphErrorSummary? = nil,
        graphRequestID: String? = nil,
        clientRequestID: String? = nil,
        timings: OutcomeTimings,
        resultInfo: ResultInfo? = nil,
        answeredBy: IdentitySet? = nil,
        disposition: CallDisposition? = nil,
        redirectToEndMilliseconds: Int? = nil,
        callerKind: IdentityKind? = nil,
        scenarioID: String? = nil,
        source: OutcomeSource? = nil,
        settles: SettledOutcome? = nil
    ) {
        self.type = type
        self.callID = callID
        self.tenantID = tenantID
        self.rule = rule
        self.explanation = explanation
        self.reason = reason
        self.targets = targets
        self.rejectReason = rejectReason
        self.attempts = attempts
        self.graph = graph
        self.graphRequestID = graphRequestID
        self.clientRequestID = clientRequestID
        self.timings = timings
        self.resultInfo = resultInfo
        self.answeredBy = answeredBy
        self.disposition = disposition
        self.redirectToEndMilliseconds = redirectToEndMilliseconds
        self.callerKind = callerKind
        self.scenarioID = scenarioID
        self.source = source
        self.settles = settles
    }


    /// The CloudEvent id: the call's key for the final outcome, a key derived from it otherwise.
    public var eventID: UUID {
        switch type {
        case .redirected, .rejected, .failed, .expired, .ignored, .unconfirmed:
            IdempotencyKey.forCall(callID)
        case .attempting:
            IdempotencyKey.attemptingEventID(callID: callID, partition: source?.partition, offset: source?.offset)
        case .completed:
            IdempotencyKey.completedEventID(callID: callID)
        case .duplicate:
            IdempotencyKey.duplicateEventID(callID: callID, partition: source?.partition, offset: source?.offset)
        }
    }
}

