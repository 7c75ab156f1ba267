import CallModel
import Foundation
public import Logging

/// One JSON object: `time` (RFC 3339, UTC, milliseconds), `level`, `label`, `message`, the `source` module, and
/// the metadata as string values, keys sorted. A metadata key that names one of the fixed members is left out.
/// Written with the project's JSON writer.
public enum JSONLogLine: LogLineLayout {
    private static let fixedKeys: Set = ["label", "level", "message", "source", "time"]

    public static func line(label: String, event: LogEvent, metadata: Logger.Metadata) -> [UInt8] {
        var fields: [(key: String, value: String)] = [
            ("label", label),
            ("level", event.level.rawValue),
            ("message", event.message.description),
            ("source", event.source),
            ("time", OutcomeTimestamp.format(Date())),
        ]
        fields.reserveCapacity(5 + metadata.count)
        for (key, value) in metadata where !fixedKeys.contains(key) {
            fields.append((key, value.description))
        }
        fields.sort { $0.key < $1.key }
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        for field in fields {
            writer.member(field.key, field.value)
        }
        writer.endObject()
        var line = writer.bytes
        line.append(UInt8(ascii: "\n"))
        return line
    }
}
