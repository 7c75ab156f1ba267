/// A redirect attempt, or a token fetch, that did not succeed, with everything Graph said about it.
///
/// Graph's error body (`error.code`, `error.message`, `innerError.request-id`, `client-request-id`,
/// `date`) is parsed into the fields; a body that is not Graph's JSON is kept as text in `rawBody`.
/// Two errors are equal when their codes, statuses and Graph codes are equal.
public struct GraphError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Sendable {
            case http, connection, timeout, token, credential, rateLimited, cancelled, invalidRequest
        }
        private let backing: Backing

        /// Graph answered with an error status; `status` and usually `graphCode` say which.
        public static let http = Code(backing: .http)
        /// The connection could not be made or broke (refused, reset, TLS failure).
        public static let connection = Code(backing: .connection)
        /// No answer within the attempt's timeout.
        public static let timeout = Code(backing: .timeout)
        /// The access token could not be obtained from the identity platform.
        public static let token = Code(backing: .token)
        /// No token could be requested: the configured credential is unusable (an expired
        /// certificate, an unreadable or expired federated token file).
        public static let credential = Code(backing: .credential)
        /// The client-side rate limit could not admit the request before the deadline.
        public static let rateLimited = Code(backing: .rateLimited)
        /// The calling task was cancelled (for example at shutdown).
        public static let cancelled = Code(backing: .cancelled)
        /// The request could not be built (for example a call id that makes an invalid URL).
        public static let invalidRequest = Code(backing: .invalidRequest)

        public var description: String { backing.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The HTTP status Graph (or the token endpoint) answered with, if it answered.
    public var status: Int?
    /// Graph's `error.code`, for calls usually a number as a string (`"7505"`, `"8522"`).
    public var graphCode: String?
    /// A message a person can act on: Graph's `error.message`, or what went wrong locally.
    public var message: String
    /// Graph's `request-id` (header, else `innerError.request-id`).
    public var requestID: String?
    /// The `client-request-id` this attempt sent (echoed by Graph).
    public var clientRequestID: String?
    /// Graph's `Date` header or `innerError.date`.
    public var date: String?
    /// The response body as text when it was not Graph's error JSON.
    public var rawBody: String?

    /// Creates an error.
    public init(
        code: Code,
        status: Int? = nil,
        graphCode: String? = nil,
        message: String,
        requestID: String? = nil,
        clientRequestID: String? = nil,
        date: String? = nil,
        rawBody: String? = nil
    ) {
        self.code = code
        self.status = status
        self.graphCode = graphCode
        self.message = message
        self.requestID = requestID
        self.clientRequestID = clientRequestID
        self.date = date
        self.rawBody = rawBody
    }

    /// The calling error this is, when Graph answered with a code the client knows.
    public var knownCode: KnownGraphCode? {
        graphCode.flatMap(KnownGraphCode.init(rawValue:))
    }

    public var description: String {
        var text = "Graph \(code)"
        if let status { text += " \(status)" }
        if let graphCode { text += " [\(graphCode)]" }
        text += ": \(message)"
        if let requestID { text += " (request-id \(requestID))" }
        return text
    }
}

extension GraphError: Equatable {
    public static func == (lhs: GraphError, rhs: GraphError) -> Bool {
        lhs.code == rhs.code && lhs.status == rhs.status && lhs.graphCode == rhs.graphCode
    }
}

/// Calling error codes Graph returns that callers act on.
public enum KnownGraphCode: String, Sendable, Hashable, CaseIterable {
    /// `7505` "Request authorization tenant mismatch": the token's tenant is not the call's tenant (HTTP 403).
    case tenantMismatch = "7505"
    /// `8522` "Call not found": the call is gone, already handled, or its 15-second window closed.
    case callNotFound = "8522"
}
