import CallModel
import Foundation
import Kafka

/// One outcome event as a compact line for a person at a terminal: time, type, call, rule and what
/// happened (targets, Graph's error or the reason).
enum OutcomeTableLine {
    /// The column titles, aligned with ``render(_:)``.
    static let header = pad("TIME", 12) + "  " + pad("TYPE", 11) + "  " + pad("CALL", 36) + "  " + pad("RULE", 20) + "  DETAIL"

    /// The record's line; a record that is not an outcome event is named as such with its offset.
    static func render(_ record: KafkaRecord) -> String {
        let headers = record.headers.map { (key: $0.key, value: $0.stringValue ?? "") }
        guard let event = try? OutcomeEvent(kafkaHeaders: headers, value: record.value) else {
            return "(not an outcome event at partition \(record.partition), offset \(record.offset))"
        }
        let outcome = event.outcome
        let time = timeOfDay(event.time)
        let rule = outcome.rule?.name ?? "-"
        return pad(time, 12) + "  " + pad(event.type.rawValue, 11) + "  " + pad(outcome.callID, 36) + "  "
            + pad(String(rule.prefix(20)), 20) + "  " + detail(outcome)
    }

    /// What happened, in a few words.
    static func detail(_ outcome: CallOutcome) -> String {
        var parts: [String] = []
        switch outcome.type {
        case .redirected, .attempting:
            parts.append("→ " + outcome.targets.map { "\($0.kind.rawValue):\($0.id)" }.joined(separator: ", "))
        case .completed:
            if let info = outcome.resultInfo {
                parts.append("\(info.code.map(String.init) ?? "-")/\(info.subcode.map(String.init) ?? "-") \(info.message ?? "")")
            }
            if let settles = outcome.settles { parts.append("settles \(settles.type.rawValue)") }
        default:
            if let graph = outcome.graph {
                parts.append("Graph \(graph.status.map(String.init) ?? "-") \(graph.code ?? ""): \(graph.message)")
            } else if let reason = outcome.reason {
                parts.append(reason)
            }
        }
        if outcome.attempts > 1 { parts.append("\(outcome.attempts) attempts") }
        if let latency = outcome.timings.latencyMilliseconds, outcome.type != .completed { parts.append("\(latency) ms") }
        return parts.joined(separator: "; ")
    }

    private static func timeOfDay(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded()) % 86_400_000
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = milliseconds % 1000
        return "\(two(milliseconds / 3_600_000)):\(two(milliseconds / 60_000 % 60)):\(two(milliseconds / 1000 % 60))."
            + (fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
