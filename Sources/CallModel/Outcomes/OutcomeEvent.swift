public import Foundation

/// An outcome as a CloudEvents 1.0 event in Kafka binary mode: attributes as `ce_` headers, the
/// ``CallOutcome`` as JSON in the value, the call id as the key.
public struct OutcomeEvent: Sendable, Hashable {
    /// `ce_source` of events the worker publishes.
    public static let defaultSource = "/switchboard/worker"

    /// `ce_id`: deterministic, see ``CallOutcome/eventID``.
    public var id: UUID
    /// `ce_source`: a URI reference naming the producer.
    public var source: String
    /// `ce_time`: when the outcome was settled.
    public var time: Date
    /// The event data.
    public var outcome: CallOutcome

    /// Wraps an outcome; the id comes from the call id and type, the time from `timings.finishedAt`.
    public init(outcome: CallOutcome, source: String = OutcomeEvent.defaultSource) {
        self.id = outcome.eventID
        self.source = source
        self.time = OutcomeTimestamp.rounded(outcome.timings.finishedAt)
        self.outcome = outcome
    }

    /// `ce_type`, from the outcome's type.
    public var type: OutcomeType { outcome.type }

    /// The Kafka key: the call id, so a call's events stay in order on one partition.
    public var kafkaKey: String { outcome.callID }

    /// The record headers: `ce_specversion`, `ce_id`, `ce_source`, `ce_type`, `ce_time`,
    /// `ce_subject` (the call id) and `content-type: application/json`.
    public func kafkaHeaders() -> [(key: String, value: String)] {
        [
            (CloudEventHeaders.specVersion, "1.0"),
            (CloudEventHeaders.id, id.lowercasedString),
            (CloudEventHeaders.source, source),
            (CloudEventHeaders.type, type.cloudEventType),
            (CloudEventHeaders.time, OutcomeTimestamp.format(time)),
            (CloudEventHeaders.subject, outcome.callID),
            (CloudEventHeaders.contentType, "application/json"),
        ]
    }

    /// The record value: the outcome as UTF-8 JSON with sorted keys (replays produce the same bytes).
    public func value() -> [UInt8] {
        outcome.jsonBytes()
    }
}

/// The CloudEvents Kafka protocol binding's header names.
public enum CloudEventHeaders {
    /// `ce_specversion`.
    public static let specVersion = "ce_specversion"
    /// `ce_id`.
    public static let id = "ce_id"
    /// `ce_source`.
    public static let source = "ce_source"
    /// `ce_type`.
    public static let type = "ce_type"
    /// `ce_time`.
    public static let time = "ce_time"
    /// `ce_subject`.
    public static let subject = "ce_subject"
    /// `content-type` (the binding maps `datacontenttype` to it).
    public static let contentType = "content-type"
}
