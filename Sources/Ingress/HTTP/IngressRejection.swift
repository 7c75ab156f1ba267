import CallModel
import HTTPTypes
import Hummingbird

/// A notification the ingress refuses, with the status and the problem body it answers with.
struct IngressRejection: Error, Sendable, CustomStringConvertible {
    /// A stable code: the problem type's last part and the log's `ingress.rejection`.
    var code: String
    /// The HTTP status.
    var status: HTTPResponse.Status
    /// What is wrong, for a person.
    var detail: String
    /// For 401s, the authentication failure reason.
    var authenticationReason: String?
    /// For 503s, the `Retry-After` seconds.
    var retryAfterSeconds: Int?
    /// The underlying error, for the log only (never sent to the client).
    var cause: String?
    /// Whether the answer closes the connection, so no more of the request is read
    /// (``CloseAfterResponseHandler``).
    var closesConnection = false

    var description: String { "\(status.code) \(code): \(detail)" }

    /// The problem response.
    func response() -> Response {
        let problem = ProblemDetails(
            type: "urn:switchboard:problem:\(code)",
            title: status.reasonPhrase,
            status: status.code,
            detail: detail,
            reason: authenticationReason
        )
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfterSeconds {
            headers[.retryAfter] = String(retryAfterSeconds)
        }
        if closesConnection {
            headers[.connection] = "close"
        }
        if status == .unauthorized {
            // RFC 6750 §3: tell the client which scheme is expected and that the token was the problem.
            headers[.wwwAuthenticate] = #"Bearer error="invalid_token""#
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: problem.jsonBytes())))
    }
}

extension IngressRejection {
    /// 401 (or 503 when the keys cannot be fetched) for a token that was not accepted.
    static func unauthenticated(_ failure: AuthenticationFailure) -> IngressRejection {
        if failure.code == .keysUnavailable {
            return IngressRejection(
                code: "signing-keys-unavailable",
                status: .serviceUnavailable,
                detail: failure.message + "; retry shortly",
                retryAfterSeconds: 1
            )
        }
        if failure.code == .tenantNotAllowed {
            return IngressRejection(
                code: "tenant-not-allowed",
                status: .forbidden,
                detail: failure.message,
                authenticationReason: failure.code.rawValue
            )
        }
        return IngressRejection(
            code: "invalid-token",
            status: .unauthorized,
            detail: failure.message,
            authenticationReason: failure.code.rawValue
        )
    }

    /// 415 for a body that is not declared as JSON.
    static func unsupportedMediaType(_ contentType: String?) -> IngressRejection {
        IngressRejection(
            code: "unsupported-media-type",
            status: .unsupportedMediaType,
            detail: contentType.map { "the Content-Type is \"\($0)\"; notifications must be application/json" }
                ?? "the request has no Content-Type; notifications must be application/json"
        )
    }

    /// 413 for a body over the limit; the connection is closed.
    static func tooLarge(limit: Int) -> IngressRejection {
        IngressRejection(
            code: "body-too-large",
            status: .contentTooLarge,
            detail: "the body is larger than the limit of \(limit) bytes",
            // The rest of the body may still be on its way; reading it to its end is what the limit prevents.
            closesConnection: true
        )
    }

    /// 413 for a body carrying more notifications than one body may.
    static func tooManyNotifications(count: Int, limit: Int) -> IngressRejection {
        IngressRejection(
            code: "too-many-notifications",
            status: .contentTooLarge,
            detail: "the body carries \(count) notifications; the limit is \(limit) per body (max notifications per body)"
        )
    }

    /// 413 for a body naming more distinct calls than one body may (Graph sends one call per body).
    static func tooManyCalls(limit: Int) -> IngressRejection {
        IngressRejection(
            code: "too-many-calls",
            status: .contentTooLarge,
            detail: "the body names more than \(limit) distinct calls; the limit is \(limit) per body (max calls per body)"
        )
    }

    /// 400 for a notification whose call id could not safely be a Kafka key or a URL path segment.
    static func invalidCallID(index: Int) -> IngressRejection {
        IngressRejection(
            code: "invalid-call-id",
            status: .badRequest,
            detail: "value[\(index)] has a call id that is not 1 to \(CallIDPattern.maxLength) letters, digits, '-', '_' or '.' "
                + "starting with a letter or digit"
        )
    }

    /// 408 for a body that did not arrive within its deadline; the connection is closed.
    static func requestTimeout(_ timeout: Duration) -> IngressRejection {
        IngressRejection(
            code: "request-timeout",
            status: .requestTimeout,
            detail: "the request body did not arrive within \(timeout)",
            // RFC 9110 §15.5.9: the server closes the connection after a 408.
            closesConnection: true
        )
    }

    /// 400 for a body that is not a notification.
    static func malformed(_ detail: String) -> IngressRejection {
        IngressRejection(code: "malformed-notification", status: .badRequest, detail: detail)
    }

    /// 503 when the notification could not be stored in time; the sender keeps it and retries.
    static func unavailable(code: String, _ detail: String, cause: String? = nil) -> IngressRejection {
        IngressRejection(code: code, status: .serviceUnavailable, detail: detail, retryAfterSeconds: 1, cause: cause)
    }
}
