package import Foundation

extension OutcomeEvent {
    /// Reads an event back from a Kafka record, for tests and consumers.
    ///
    /// - Throws: ``OutcomeEventError`` when a CloudEvents header is missing or unknown, the value
    ///   is not a ``CallOutcome``, or headers and value disagree.
    public init(kafkaHeaders: [(key: String, value: String)], value: [UInt8]) throws(OutcomeEventError) {
        func header(_ name: String) throws(OutcomeEventError) -> String {
            guard let found = kafkaHeaders.last(where: { $0.key == name })?.value else {
                throw OutcomeEventError(code: .missingHeader, message: "the record has no \(name) header")
            }
            return found
        }
        let specVersion = try header(CloudEventHeaders.specVersion)
        guard specVersion == "1.0" else {
            throw OutcomeEventError(code: .invalidHeader, message: "ce_specversion \(specVersion) is not 1.0")
        }
        let idText = try header(CloudEventHeaders.id)
        guard let id = UUID(uuidString: idText) else {
            throw OutcomeEventError(code: .invalidHeader, message: "ce_id \(idText) is not a UUID")
        }
        let typeText = try header(CloudEventHeaders.type)
        guard let type = OutcomeType(cloudEventType: typeText) else {
            throw OutcomeEventError(code: .invalidHeader, message: "ce_type \(typeText) is not a Switchboard outcome type")
        }
        let timeText = try header(CloudEventHeaders.time)
        guard let time = OutcomeTimestamp.parse(timeText) else {
            throw OutcomeEventError(code: .invalidHeader, message: "ce_time \(timeText) is not an RFC 3339 timestamp")
        }
        let contentType = try header(CloudEventHeaders.contentType)
        guard contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/json" else {
            throw OutcomeEventError(code: .invalidHeader, message: "content-type \(contentType) is not application/json")
        }
        let outcome: CallOutcome
        do {
            outcome = try CallOutcome.read(value)
        } catch {
            let at = error.path.isEmpty ? "the value" : error.path
            throw OutcomeEventError(code: .invalidData, message: "the value is not a call outcome: \(at) \(error.detail)")
        }
        guard outcome.type == type else {
            throw OutcomeEventError(code: .mismatch, message: "ce_type says \(type.rawValue) but the data says \(outcome.type.rawValue)")
        }
        if let subject = kafkaHeaders.last(where: { $0.key == CloudEventHeaders.subject })?.value, subject != outcome.callID {
            throw OutcomeEventError(code: .mismatch, message: "ce_subject \(subject) is not the data's callId \(outcome.callID)")
        }
        self.id = id
        self.source = try header(CloudEventHeaders.source)
        self.time = time
        self.outcome = outcome
    }
}

/// RFC 3339 timestamps in UTC with milliseconds (`2025-06-03T14:00:00.125Z`), for `ce_time` and the
/// instants in outcome data; written by hand so rounding is exact and the text is deterministic.
package enum OutcomeTimestamp {
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// `date` rounded to a whole millisecond, the precision events carry.
    static func rounded(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    package static func format(_ date: Date) -> String {
        withText(date) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the timestamp's UTF-8 text. A year from 0 to 9999 (every real one) is written
    /// digit by digit into 24 bytes on the stack: an outcome carries three or four of these, and its
    /// JSON takes them from there without a string apiece.
    static func withText<Result>(_ date: Date, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let total = milliseconds(date)
        let millisecondsPerDay: Int64 = 86_400_000
        let day = total >= 0 ? total / millisecondsPerDay : (total - millisecondsPerDay + 1) / millisecondsPerDay
        let ofDay = Int(total - day * millisecondsPerDay)
        let date = LocalDate(daysSinceEpoch: Int(day))
        guard (0...9999).contains(date.year) else {
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            var text = "\(date)T\(pad(ofDay / 3_600_000, 2)):\(pad(ofDay / 60_000 % 60, 2)):\(pad(ofDay / 1000 % 60, 2))."
                + "\(pad(ofDay % 1000, 3))Z"
            return text.withUTF8(body)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(date.year, 4, at: 0)
            put(date.month, 2, at: 5)
            put(date.day, 2, at: 8)
            put(ofDay / 3_600_000, 2, at: 11)
            put(ofDay / 60_000 % 60, 2, at: 14)
            put(ofDay / 1000 % 60, 2, at: 17)
            put(ofDay % 1000, 3, at: 20)
            buffer[4] = UInt8(ascii: "-")
            buffer[7] = UInt8(ascii: "-")
            buffer[10] = UInt8(ascii: "T")
            buffer[13] = UInt8(ascii: ":")
            buffer[16] = UInt8(ascii: ":")
            buffer[19] = UInt8(ascii: ".")
            buffer[23] = UInt8(ascii: "Z")
            return body(UnsafeBufferPointer(buffer))
        }
    }

    /// Any RFC 3339 timestamp, rounded to a whole millisecond.
    static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return rounded(date) }
        return (try? Date.ISO8601FormatStyle().parse(text)).map(rounded)
    }
}
