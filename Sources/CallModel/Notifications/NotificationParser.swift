public import Foundation

/// Parses the body Graph posts to a calling bot's webhook into ``CommsNotifications``.
///
/// Strict JSON (a trailing comma, a comment or invalid UTF-8 is an error with line and column),
/// lenient Graph: enumeration values in any letter case, unknown members ignored, `null` read as
/// absent, `resultInfo` numbers as strings and `subCode` accepted. Every notification must yield a
/// call id (``CommsNotification/callID``).
public enum NotificationParser {
    /// Parses a notification body.
    ///
    /// - Throws: ``NotificationParseError`` naming the line and column of a JSON error or the path
    ///   of a structural one.
    public static func parse(_ bytes: [UInt8]) throws(NotificationParseError) -> CommsNotifications {
        try bytes.withBytes { buffer throws(NotificationParseError) in try parse(buffer) }
    }

    /// Parses a notification body held in `Data`.
    ///
    /// - Throws: ``NotificationParseError``.
    public static func parse(_ data: Data) throws(NotificationParseError) -> CommsNotifications {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(NotificationParseError) in try parse(raw) }
        }
        return try result.get()
    }

    /// Parses a notification body in borrowed memory (for example a Kafka message payload).
    ///
    /// - Throws: ``NotificationParseError``.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(NotificationParseError) -> CommsNotifications {
        try parse(bytes.assumingMemoryBound(to: UInt8.self))
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(NotificationParseError) -> CommsNotifications {
        let document: JSONValue
        do {
            document = try JSONScanner.parse(buffer)
        } catch {
            throw invalidJSON(JSONSyntaxError(error, in: buffer))
        }
        return try decode(document)
    }

    /// Parses a notification body and says where each notification's bytes are in it, from the
    /// same scan; for cutting a body into one envelope per call while keeping each item verbatim.
    ///
    /// - Throws: ``NotificationParseError``, as ``parse(_:)-([UInt8])`` does.
    public static func parseEnvelope(_ bytes: [UInt8]) throws(NotificationParseError) -> NotificationEnvelope {
        try bytes.withBytes { buffer throws(NotificationParseError) in try parseEnvelope(buffer) }
    }

    static func parseEnvelope(_ buffer: UnsafeBufferPointer<UInt8>) throws(NotificationParseError) -> NotificationEnvelope {
        let document: JSONValue
        let layout: JSONScanner.ValueArrayLayout?
        do {
            (document, layout) = try JSONScanner.parseRecordingValueArray(buffer)
        } catch {
            throw invalidJSON(JSONSyntaxError(error, in: buffer))
        }
        let notifications = try decode(document)
        // `decode` accepted the document, so it is an object whose one `value` member is an array
        // with an object per notification, and the scanner noted that array.
        guard let layout, layout.items.count == notifications.value.count else {
            preconditionFailure("the scanner did not note the value array of an accepted notification body")
        }
        return NotificationEnvelope(notifications: notifications, valueArray: layout.array, items: layout.items)
    }

    private static func invalidJSON(_ error: JSONSyntaxError) -> NotificationParseError {
        NotificationParseError(code: .invalidJSON, message: error.message, line: error.line, column: error.column)
    }

    private static func decode(_ document: JSONValue) throws(NotificationParseError) -> CommsNotifications {
        do {
            return try envelope(document)
        } catch {
            let path = error.path
            let message = path.isEmpty ? error.detail : path + " " + error.detail
            throw NotificationParseError(code: error.code, message: message, path: path.isEmpty ? nil : path)
        }
    }

    private static func envelope(_ document: JSONValue) throws(JSONDecodingFailure) -> CommsNotifications {
        guard case let .object(members) = document else {
            throw JSONDecodingFailure(
                code: .notAnObject,
                detail: "the body is \(document.kindDescription), expected a commsNotifications object"
            )
        }
        let reader = JSONObjectReader(object: members)
        guard let value = reader.value("value") else {
            throw JSONDecodingFailure(code: .missingValue, detail: "the body has no \"value\" array of notifications")
        }
        guard case let .array(items) = value else {
            throw JSONDecodingFailure(code: .valueNotArray, detail: "is \(value.kindDescription), expected an array")
                .prefixed(.key("value"))
        }
        guard !items.isEmpty else {
            throw JSONDecodingFailure(code: .emptyValue, detail: "is an empty array: the body carries no notification")
                .prefixed(.key("value"))
        }
        let notifications = try reader.objects("value", notification)
        return CommsNotifications(odataType: try reader.string("@odata.type"), value: notifications)
    }
}
