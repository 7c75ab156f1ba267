import CallModel

/// An `application/problem+json` body (RFC 9457).
struct ProblemDetails: Sendable {
    /// Identifies the kind of problem: `urn:switchboard:problem:<code>`.
    var type: String
    /// A short summary of the kind of problem.
    var title: String
    /// The HTTP status code.
    var status: Int
    /// What is wrong with this request, for a person.
    var detail: String
    /// For authentication failures, the reason (the `reason` label of the auth-failure metric).
    var reason: String?

    /// The JSON bytes, written with the strict writer; keys sorted so bodies are stable.
    func jsonBytes() -> [UInt8] {
        var object: JSONObject = ["detail": .string(detail)]
        if let reason { object.append("reason", .string(reason)) }
        object.append("status", .number(Double(status)))
        object.append("title", .string(title))
        object.append("type", .string(type))
        return JSONValue.object(object).jsonBytes()
    }
}
