/// What Graph said when it accepted a redirect: the identifiers Microsoft support asks for.
public struct GraphResponseInfo: Sendable, Hashable {
    /// The HTTP status, `202` for an accepted redirect.
    public var status: Int
    /// Graph's `request-id` response header.
    public var requestID: String?
    /// The `client-request-id` Graph echoed (the one this attempt sent).
    public var clientRequestID: String?
    /// Graph's `Date` response header, as sent.
    public var date: String?
    /// Graph's `x-ms-ags-diagnostic` response header (data centre, slice, role instance).
    public var diagnostic: String?
    /// The HTTP version the response came over, for example `HTTP/2.0`.
    public var httpVersion: String

    /// Creates response information.
    public init(
        status: Int,
        requestID: String? = nil,
        clientRequestID: String? = nil,
        date: String? = nil,
        diagnostic: String? = nil,
        httpVersion: String = "HTTP/1.1"
    ) {
        self.status = status
        self.requestID = requestID
        self.clientRequestID = clientRequestID
        self.date = date
        self.diagnostic = diagnostic
        self.httpVersion = httpVersion
    }
}
