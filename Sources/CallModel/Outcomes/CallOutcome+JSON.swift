import Foundation

/// The outcome's JSON, written straight into bytes with the strict ``JSONWriter``.
///
/// The worker writes an outcome per call (two with the `attempting` marker), so this is on the hot
/// path: `JSONEncoder` with sorted keys and a custom date strategy cost more than the routing decision.
/// The text is the one `JSONEncoder` wrote with `[.sortedKeys, .withoutEscapingSlashes]` and dates as
/// ``OutcomeTimestamp``: members in byte order of their keys, absent optionals omitted, `targets` and
/// `attempts` always present. `OutcomeEventTests` compares the two, member for member.
///
/// - Important: A stored property added to ``CallOutcome`` (or a type it holds) must be written here
///   too, under its `CodingKeys` name and in key order; `OutcomeEventTests` fails until it is.
extension CallOutcome {
    /// The outcome as UTF-8 JSON, keys sorted (replays produce the same bytes).
    func jsonBytes() -> [UInt8] {
        var writer = JSONWriter(capacity: 768)
        write(to: &writer)
        return writer.bytes
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let answeredBy {
            writer.key("answeredBy")
            answeredBy.write(to: &writer)
        }
        writer.key("attempts")
        writer.int(attempts)
        writer.member("callId", callID)
        if let callerKind { writer.member("callerKind", callerKind.rawValue) }
        if let clientRequestID { writer.member("clientRequestId", clientRequestID) }
        if let disposition { writer.member("disposition", disposition.rawValue) }
        if let explanation { writer.member("explanation", explanation) }
        if let graph {
            writer.key("graph")
            graph.write(to: &writer)
        }
        if let graphRequestID { writer.member("graphRequestId", graphRequestID) }
        if let reason { writer.member("reason", reason) }
        if let redirectToEndMilliseconds {
            writer.key("redirectToEndMilliseconds")
            writer.int(redirectToEndMilliseconds)
        }
        if let rejectReason { writer.member("rejectReason", rejectReason.rawValue) }
        if let resultInfo {
            writer.key("resultInfo")
            resultInfo.write(to: &writer)
        }
        if let rule {
            writer.key("rule")
            writer.beginObject()
            if let index = rule.index {
                writer.key("index")
                writer.int(index)
            }
            writer.member("name", rule.name)
            writer.endObject()
        }
        if let scenarioID { writer.member("scenarioId", scenarioID) }
        if let settles {
            writer.key("settles")
            writer.beginObject()
            writer.member("eventId", settles.eventID.lowercasedString)
            writer.member("type", settles.type.rawValue)
            writer.endObject()
        }
        if let source {
            writer.key("source")
            source.write(to: &writer)
        }
        writer.key("targets")
        writer.beginArray()
        for target in targets { target.write(to: &writer) }
        writer.endArray()
        if let tenantID { writer.member("tenantId", tenantID) }
        writer.key("timings")
        timings.write(to: &writer)
        writer.member("type", type.rawValue)
        writer.endObject()
    }
}

extension OutcomeTimings {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let deadlineSlackMilliseconds {
            writer.key("deadlineSlackMilliseconds")
            writer.int(deadlineSlackMilliseconds)
        }
        if let decidedAt { writer.member("decidedAt", timestamp: decidedAt) }
        writer.member("finishedAt", timestamp: finishedAt)
        if let latencyMilliseconds {
            writer.key("latencyMilliseconds")
            writer.int(latencyMilliseconds)
        }
        if let receivedAt { writer.member("receivedAt", timestamp: receivedAt) }
        writer.endObject()
    }
}

extension GraphErrorSummary {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let clientRequestID { writer.member("clientRequestId", clientRequestID) }
        if let code { writer.member("code", code) }
        if let date { writer.member("date", date) }
        writer.member("message", message)
        if let requestID { writer.member("requestId", requestID) }
        if let status {
            writer.key("status")
            writer.int(status)
        }
        writer.endObject()
    }
}

extension ResultInfo {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let code {
            writer.key("code")
            writer.int(code)
        }
        if let message { writer.member("message", message) }
        if let subcode {
            writer.key("subcode")
            writer.int(subcode)
        }
        writer.endObject()
    }
}

extension OutcomeSource {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let item {
            writer.key("item")
            writer.int(item)
        }
        writer.key("offset")
        writer.int(Int(offset))
        writer.key("partition")
        writer.int(partition)
        writer.member("topic", topic)
        writer.endObject()
    }
}

extension RedirectTarget {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let displayName { writer.member("displayName", displayName) }
        writer.member("id", id)
        writer.member("kind", kind.rawValue)
        if let tenantID { writer.member("tenantId", tenantID) }
        writer.endObject()
    }
}

extension IdentitySet {
    /// Members by kind, in byte order of the kind names (`entries` are kept in another order).
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        for entry in entries.sorted(by: { $0.kind.rawValue.utf8.lexicographicallyPrecedes($1.kind.rawValue.utf8) }) {
            writer.key(entry.kind.rawValue)
            writer.beginObject()
            if let displayName = entry.identity.displayName { writer.member("displayName", displayName) }
            if let id = entry.identity.id { writer.member("id", id) }
            if let tenantID = entry.identity.tenantID { writer.member("tenantId", tenantID) }
            writer.endObject()
        }
        writer.endObject()
    }
}

extension JSONWriter {
    /// `"key": "2025-06-03T14:00:00.125Z"`, written from the stack.
    mutating func member(_ key: String, timestamp date: Date) {
        self.key(key)
        OutcomeTimestamp.withText(date) { string(utf8: $0) }
    }
}
