import Foundation

/// Outcome data read back with the strict JSON reader: the worker's ledger rebuild reads every
/// outcome of a partition when it is assigned, and `outcomes tail` every record it prints. The
/// members are those ``CallOutcome/write(to:)`` writes; a failure names the member's path.
extension CallOutcome {
    static func read(_ bytes: [UInt8]) throws(JSONDecodingFailure) -> CallOutcome {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw JSONDecodingFailure(code: .invalidJSON, detail: "is not JSON: \(error)")
        }
        guard case let .object(members) = document else {
            throw JSONDecodingFailure.wrongType(document, expected: "an object")
        }
        return try read(JSONObjectReader(object: members))
    }

    static func read(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> CallOutcome {
        CallOutcome(
            type: try reader.required("type", reader.rawValue("type", as: OutcomeType.self)),
            callID: try reader.required("callId", reader.string("callId")),
            tenantID: try reader.string("tenantId"),
            rule: try reader.object("rule") { rule throws(JSONDecodingFailure) in
                RuleReference(name: try rule.required("name", rule.string("name")), index: try rule.integer("index"))
            },
            explanation: try reader.string("explanation"),
            reason: try reader.string("reason"),
            targets: try reader.objects("targets", RedirectTarget.read),
            rejectReason: try reader.rawValue("rejectReason", as: RejectReason.self),
            attempts: try reader.required("attempts", reader.integer("attempts")),
            graph: try reader.object("graph", GraphErrorSummary.read),
            graphRequestID: try reader.string("graphRequestId"),
            clientRequestID: try reader.string("clientRequestId"),
            timings: try reader.required("timings", reader.object("timings", OutcomeTimings.read)),
            resultInfo: try reader.object("resultInfo", NotificationParser.resultInfo),
            answeredBy: try reader.object("answeredBy", NotificationParser.identitySet),
            disposition: try reader.rawValue("disposition", as: CallDisposition.self),
            redirectToEndMilliseconds: try reader.integer("redirectToEndMilliseconds"),
            callerKind: try reader.rawValue("callerKind", as: IdentityKind.self),
            scenarioID: try reader.string("scenarioId"),
            source: try reader.object("source", OutcomeSource.read),
            settles: try reader.object("settles") { settles throws(JSONDecodingFailure) in
                SettledOutcome(
                    type: try settles.required("type", settles.rawValue("type", as: OutcomeType.self)),
                    eventID: try settles.required("eventId", settles.uuid("eventId")))
            }
        )
    }
}

extension OutcomeTimings {
    static func read(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> OutcomeTimings {
        var timings = OutcomeTimings(
            receivedAt: try reader.timestamp("receivedAt"),
            decidedAt: try reader.timestamp("decidedAt"),
            finishedAt: try reader.required("finishedAt", reader.timestamp("finishedAt")))
        // As written, not recomputed: the deadline itself is not part of the data.
        timings.latencyMilliseconds = try reader.integer("latencyMilliseconds")
        timings.deadlineSlackMilliseconds = try reader.integer("deadlineSlackMilliseconds")
        return timings
    }
}

extension GraphErrorSummary {
    static func read(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> GraphErrorSummary {
        GraphErrorSummary(
            status: try reader.integer("status"), code: try reader.string("code"),
            message: try reader.required("message", reader.string("message")),
            requestID: try reader.string("requestId"), clientRequestID: try reader.string("clientRequestId"),
            date: try reader.string("date"))
    }
}

extension OutcomeSource {
    static func read(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> OutcomeSource {
        OutcomeSource(
            topic: try reader.required("topic", reader.string("topic")),
            partition: try reader.required("partition", reader.integer("partition")),
            offset: Int64(try reader.required("offset", reader.integer("offset"))),
            item: try reader.integer("item"))
    }
}

extension RedirectTarget {
    static func read(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> RedirectTarget {
        RedirectTarget(
            kind: try reader.required("kind", reader.rawValue("kind", as: Kind.self)),
            id: try reader.required("id", reader.string("id")),
            displayName: try reader.string("displayName"),
            tenantID: try reader.string("tenantId"))
    }
}

extension JSONObjectReader {
    /// `value`, or a failure naming `key` as missing.
    func required<Value>(_ key: String, _ value: Value?) throws(JSONDecodingFailure) -> Value {
        guard let value else {
            throw JSONDecodingFailure(code: .missingField, detail: "is missing").prefixed(.key(key))
        }
        return value
    }

    /// A whole number, exactly representable (|n| ≤ 2^53), such as a Kafka offset.
    func integer(_ key: String) throws(JSONDecodingFailure) -> Int? {
        switch value(key) {
        case nil:
            return nil
        case let .number(number)?:
            guard number.rounded() == number, abs(number) <= 9_007_199_254_740_992 else {
                throw JSONDecodingFailure(code: .invalidValue, detail: "is \(number), expected an integer").prefixed(.key(key))
            }
            return Int(number)
        case let other?:
            throw JSONDecodingFailure.wrongType(other, expected: "an integer").prefixed(.key(key))
        }
    }

    /// One of `Value`'s raw values; any other string names the member and the value.
    func rawValue<Value: RawRepresentable>(_ key: String, as type: Value.Type) throws(JSONDecodingFailure) -> Value?
    where Value.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = Value(rawValue: text) else {
            throw JSONDecodingFailure(code: .invalidValue, detail: "is \"\(text)\", not a known value").prefixed(.key(key))
        }
        return value
    }

    func uuid(_ key: String) throws(JSONDecodingFailure) -> UUID? {
        guard let text = try string(key) else { return nil }
        guard let id = UUID(uuidString: text) else {
            throw JSONDecodingFailure(code: .invalidValue, detail: "is \"\(text)\", not a UUID").prefixed(.key(key))
        }
        return id
    }

    /// An RFC 3339 timestamp (``OutcomeTimestamp/parse(_:)``).
    func timestamp(_ key: String) throws(JSONDecodingFailure) -> Date? {
        guard let text = try string(key) else { return nil }
        guard let date = OutcomeTimestamp.parse(text) else {
            throw JSONDecodingFailure(code: .invalidValue, detail: "is \"\(text)\", not an RFC 3339 timestamp").prefixed(.key(key))
        }
        return date
    }
}
