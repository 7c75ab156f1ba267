import Foundation

/// An `application/problem+json` body (RFC 9457).
struct ProblemDetails: Encodable, Sendable {
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

    /// The JSON bytes; keys sorted so bodies are stable.
    func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings and an integer cannot fail.
        return (try? Array(encoder.encode(self))) ?? Array(#"{"title":"problem"}"#.utf8)
    }
}
