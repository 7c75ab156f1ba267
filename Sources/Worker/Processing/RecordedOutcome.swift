import CallModel
import Foundation

/// A final outcome as the call ledger remembers it.
struct RecordedOutcome: Sendable, Hashable {
    /// What happened to the call.
    var type: OutcomeType
    /// The outcome's CloudEvent id.
    var eventID: UUID
    /// The notification record (offset in the same partition) it answered, when known.
    var sourceOffset: Int64?
    /// When it was settled.
    var time: Date

    init(type: OutcomeType, eventID: UUID, sourceOffset: Int64?, time: Date) {
        self.type = type
        self.eventID = eventID
        self.sourceOffset = sourceOffset
        self.time = time
    }

    /// The ledger's view of a published event.
    init(_ event: OutcomeEvent) {
        self.init(
            type: event.type,
            eventID: event.id,
            sourceOffset: event.outcome.source?.offset,
            time: event.outcome.timings.finishedAt
        )
    }
}
