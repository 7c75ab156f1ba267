import Foundation
import Kafka

/// Writes real records the processes produced, in the form the JSON Schemas of `topics/schemas`
/// check (`{"key", "headers", "value"}`, one per line), so the deployment tests can validate them
/// with a draft 2020-12 validator: `.build/e2e-records/{notifications,outcomes,dlq}-<name>.jsonl`
/// (or under `SWITCHBOARD_E2E_RECORDS_DIR`).
enum RecordSamples {
    static var folder: URL {
        if let path = ProcessInfo.processInfo.environment["SWITCHBOARD_E2E_RECORDS_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/e2e-records")
    }

    /// Writes the three topics' records of one test.
    static func save(notifications: [KafkaRecord], outcomes: [KafkaRecord], deadLetters: [KafkaRecord], name: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (role, records) in [("notifications", notifications), ("outcomes", outcomes), ("dlq", deadLetters)] where !records.isEmpty {
            let lines = try records.map { String(decoding: try line($0), as: UTF8.self) }
            try (lines.joined(separator: "\n") + "\n").write(
                to: folder.appendingPathComponent("\(role)-\(name).jsonl"), atomically: true, encoding: .utf8)
        }
    }

    /// One record as `{"key", "headers", "value"}`: a header present twice keeps its last value; a
    /// value that is not JSON is kept as a string.
    static func line(_ record: KafkaRecord) throws -> Data {
        var headers: [String: String] = [:]
        for header in record.headers {
            headers[header.key] = header.stringValue ?? ""
        }
        let value = (try? JSONSerialization.jsonObject(with: Data(record.value), options: [.fragmentsAllowed]))
            ?? String(decoding: record.value, as: UTF8.self)
        let object: [String: Any] = [
            "key": record.key.map { String(decoding: $0, as: UTF8.self) } ?? NSNull(),
            "headers": headers,
            "value": value,
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
