import Foundation

/// Reads one line of a recorded-notifications file (JSON Lines) for `switchboard rules replay --input`.
///
/// Two line shapes are accepted:
/// - Switchboard's own: `{"receivedAt": "2026-12-04T09:15:00.120Z", "notification": {"value": [...]}}`;
///   `receivedAt` may also be milliseconds since the epoch.
/// - `kcat -C -J` output of the notifications topic: `{"topic": …, "partition": 3, "offset": 120,
///   "ts": 1733303700123, "headers": ["switchboard-received-at", "1733303700120", …], "payload": "{\"value\":[…]}"}`;
///   the receive time is the `switchboard-received-at` header, else `ts`.
///
/// Blank lines are allowed and read as nothing.
public enum RecordedNotificationLine {
    /// Parses line number `number` (1-based).
    ///
    /// - Returns: `nil` for a blank line.
    /// - Throws: ``RecordedNotificationLineError`` naming the line and what is wrong with it.
    public static func parse(_ line: some StringProtocol, number: Int) throws(RecordedNotificationLineError) -> RecordedNotification? {
        guard line.contains(where: { !$0.isWhitespace }) else { return nil }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(line.utf8))
        } catch {
            throw RecordedNotificationLineError(line: number, message: "not JSON: \(error)")
        }
        guard case .object = value else {
            throw RecordedNotificationLineError(line: number, message: "expected a JSON object, found \(value.kindDescription)")
        }
        let source = "line \(number)"
        if let notification = value["notification"] {
            guard case .object = notification else {
                throw RecordedNotificationLineError(
                    line: number, message: "\"notification\" must be the notification envelope object, found \(notification.kindDescription)")
            }
            let receivedAt = try instant(value["receivedAt"], member: "receivedAt", line: number)
            guard let receivedAt else {
                throw RecordedNotificationLineError(line: number, message: "\"receivedAt\" is missing (ISO 8601 time or epoch milliseconds)")
            }
            return RecordedNotification(source: source, body: notification.jsonBytes(), receivedAt: receivedAt)
        }
        if let payload = value["payload"] {
            guard let text = payload.stringValue else {
                throw RecordedNotificationLineError(
                    line: number, message: "kcat \"payload\" must be a string (run kcat without -D/-K binary formats), found \(payload.kindDescription)")
            }
            let header = try receivedAtHeader(value["headers"], line: number)
            let timestamp = try instant(value["ts"], member: "ts", line: number)
            let topic = value["topic"]?.stringValue ?? "topic"
            let offset = value["offset"].flatMap(numeric(_:)).map { String(Int64($0)) } ?? "?"
            let located = value["partition"].flatMap(numeric(_:)).map { "line \(number) (\(topic)[\(Int($0))]@\(offset))" }
            return RecordedNotification(source: located ?? source, body: Array(text.utf8), receivedAt: header ?? timestamp)
        }
        throw RecordedNotificationLineError(
            line: number,
            message: "has neither \"notification\" (Switchboard's format) nor \"payload\" (kcat -J); see `switchboard rules replay --help`")
    }

    private static func numeric(_ value: JSONValue) -> Double? {
        if case let .number(number) = value { return number }
        return nil
    }

    private static func instant(_ value: JSONValue?, member: String, line: Int) throws(RecordedNotificationLineError) -> Date? {
        switch value {
        case nil, .null?:
            return nil
        case let .number(milliseconds)?:
            return Date(timeIntervalSince1970: milliseconds / 1000)
        case let .string(text)?:
            if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
            if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
            throw RecordedNotificationLineError(line: line, message: "\"\(member)\" \(text) is not an ISO 8601 time such as 2026-12-04T09:15:00Z")
        case let other?:
            throw RecordedNotificationLineError(
                line: line, message: "\"\(member)\" must be an ISO 8601 string or epoch milliseconds, found \(other.kindDescription)")
        }
    }

    /// kcat -J writes headers as a flat array: name, value, name, value, …
    private static func receivedAtHeader(_ value: JSONValue?, line: Int) throws(RecordedNotificationLineError) -> Date? {
        guard let value, value != .null else { return nil }
        guard case let .array(items) = value, items.count % 2 == 0 else {
            throw RecordedNotificationLineError(line: line, message: "kcat \"headers\" must be an array of name, value pairs")
        }
        for index in stride(from: 0, to: items.count, by: 2) where items[index].stringValue == NotificationHeaders.receivedAt {
            guard let text = items[index + 1].stringValue, let date = NotificationHeaders.receivedAt(fromValue: text) else {
                throw RecordedNotificationLineError(
                    line: line, message: "header \(NotificationHeaders.receivedAt) must be epoch milliseconds")
            }
            return date
        }
        return nil
    }
}

/// A line of a recorded-notifications file that cannot be read.
public struct RecordedNotificationLineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// What is wrong with it.
    public var message: String

    /// Creates an error.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 7: not JSON: …`
    public var description: String { "line \(line): \(message)" }
}
