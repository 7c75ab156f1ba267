/// A Graph `incomingContext`: on whose behalf an incoming call arrived and who transferred it.
public struct IncomingContext: Sendable, Hashable {
    /// The id of the participant that is under observation (read-only in Graph).
    public var observedParticipantID: String?
    /// The identity the call is happening on behalf of.
    public var onBehalfOf: IdentitySet?
    /// The id of the participant that triggered the incoming call (read-only in Graph).
    public var sourceParticipantID: String?
    /// The identity that transferred the call.
    public var transferor: IdentitySet?

    /// Creates an incoming context.
    public init(
        observedParticipantID: String? = nil,
        onBehalfOf: IdentitySet? = nil,
        sourceParticipantID: String? = nil,
        transferor: IdentitySet? = nil
    ) {
        self.observedParticipantID = observedParticipantID
        self.onBehalfOf = onBehalfOf
        self.sourceParticipantID = sourceParticipantID
        self.transferor = transferor
    }
}
