public import Foundation

/// The earlier outcome of a call that a `completed` outcome settles, e.g. an `unconfirmed` one whose
/// call turns out to have been answered.
public struct SettledOutcome: Sendable, Hashable {
    /// The earlier outcome's type.
    public var type: OutcomeType
    /// The earlier outcome's CloudEvent id.
    public var eventID: UUID

    /// Creates a reference to an earlier outcome.
    public init(type: OutcomeType, eventID: UUID) {
        self.type = type
        self.eventID = eventID
    }
}
