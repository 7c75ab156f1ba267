public import Foundation

/// The earlier outcome of a call that a `completed` outcome settles, e.g. an `unconfirmed` one whose
/// call turns out to have been answered.
public struct SettledOutcome: Sendable, Codable, Hashable {
    /// The earlier outcome's type.
    public var type: OutcomeType
    /// The earlier outcome's CloudEvent id.
    public var eventID: UUID

    /// Creates a reference to an earlier outcome.
    public init(type: OutcomeType, eventID: UUID) {
        self.type = type
        self.eventID = eventID
    }

    enum CodingKeys: String, CodingKey {
        case type
        case eventID = "eventId"
    }

    /// Reads `{"type": …, "eventId": "<uuid>"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(OutcomeType.self, forKey: .type)
        let text = try container.decode(String.self, forKey: .eventID)
        guard let id = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(forKey: .eventID, in: container, debugDescription: "\(text) is not a UUID")
        }
        eventID = id
    }

    /// Writes the event id in lower case, as the `ce_id` header carries it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(eventID.lowercasedString, forKey: .eventID)
    }
}
