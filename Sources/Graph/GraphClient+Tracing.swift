import Foundation
import Tracing

extension CallAnswer {
    /// The client span of one attempt, named after the request (its path has the call id, so not that).
    var spanName: String {
        switch self {
        case .redirect: "POST /communications/calls/{id}/redirect"
        case .reject: "POST /communications/calls/{id}/reject"
        }
    }
}

extension GraphClient {
    /// One attempt on its span: the retry number, the wait before it, and what Graph answered.
    static func describe(
        _ outcome: GraphAttemptOutcome, number: Int, waited: Duration, clientRequestID: UUID, on span: any Span
    ) {
        span.attributes["http.request.method"] = "POST"
        // OpenTelemetry's retry count: 0 on the first attempt.
        span.attributes["http.request.resend_count"] = number - 1
        span.attributes["switchboard.graph.attempt"] = number
        span.attributes["switchboard.graph.wait_ms"] = Int(waited / .milliseconds(1))
        span.attributes["switchboard.graph.client_request_id"] = clientRequestID.lowercasedString
        span.attributes["switchboard.graph.outcome"] = outcome.metricLabel
        if let status = outcome.status { span.attributes["http.response.status_code"] = status }
        if let error = outcome.error {
            if let code = error.graphCode { span.attributes["switchboard.graph.error_code"] = code }
            span.setStatus(SpanStatus(code: .error, message: error.message))
        }
        if let retryAfter = outcome.retryAfter {
            span.attributes["switchboard.graph.retry_after_ms"] = Int(retryAfter / .milliseconds(1))
        }
        if outcome.isInDoubt { span.attributes["switchboard.graph.in_doubt"] = true }
    }
}
