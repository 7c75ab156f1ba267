import CallModel
import Foundation
import Kafka
import SwitchboardCLISupport

/// Which outcome events `switchboard outcomes tail` prints: by type, by call, and not older than a time.
struct OutcomeFilter: Sendable, Equatable {
    /// Types to print; empty prints every type.
    var types: Set<OutcomeType> = []
    /// The call to print; `nil` prints every call.
    var callID: String?
    /// Events stamped (`ce_time`) before this are skipped; `nil` skips none.
    var since: Date?

    /// Whether the record passes. A record that is not an outcome event passes only an empty filter, so
    /// nothing on the topic is hidden unless asked for.
    func admits(_ record: KafkaRecord) -> Bool {
        if types.isEmpty && callID == nil && since == nil { return true }
        let headers = Dictionary(record.headers.compactMap { header in header.stringValue.map { (header.key, $0) } }) { first, _ in first }
        if !types.isEmpty {
            guard let type = headers[CloudEventHeaders.type].flatMap(OutcomeType.init(cloudEventType:)), types.contains(type)
            else { return false }
        }
        if let callID {
            let subject = headers[CloudEventHeaders.subject] ?? record.key.map { String(decoding: $0, as: UTF8.self) }
            guard subject == callID else { return false }
        }
        if let since {
            guard let time = headers[CloudEventHeaders.time].flatMap(Self.parseTime), time >= since else { return false }
        }
        return true
    }

    /// Parses `--since`: an RFC 3339 time, or a duration before `now` (`10m`, `1h`, `90s`).
    static func parseSince(_ text: String, now: Date) -> Date? {
        if let date = parseTime(text) { return date }
        guard let ago = DurationText.parse(text) else { return nil }
        return now.addingTimeInterval(-Double(ago.components.seconds) - Double(ago.components.attoseconds) / 1e18)
    }

    /// An RFC 3339 time, with or without fractional seconds.
    static func parseTime(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
