/// What Graph answered when a redirect failed, kept for the outcome and for support requests.
public struct GraphErrorSummary: Sendable, Hashable {
    /// The HTTP status, when a response arrived.
    public var status: Int?
    /// Graph's `error.code` (for example `7505` or `itemNotFound`).
    public var code: String?
    /// Graph's `error.message`, or a description of a transport failure.
    public var message: String
    /// The response's `request-id`, which Microsoft support asks for.
    public var requestID: String?
    /// The `client-request-id` Switchboard sent.
    public var clientRequestID: String?
    /// The response's `date` (or `innerError.date`).
    public var date: String?

    /// Creates a summary.
    public init(
        status: Int? = nil,
        code: String? = nil,
        message: String,
        requestID: String? = nil,
        clientRequestID: String? = nil,
        date: String? = nil
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.clientRequestID = clientRequestID
        self.date = date
    }

}
