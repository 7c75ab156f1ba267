/// Counters of what the simulated Graph saw and did.
public struct SimulatorStats: Sendable, Hashable, Codable {
    /// Calls offered (created + incoming).
    public var callsOffered = 0
    /// Access tokens issued by the token endpoint.
    public var tokensIssued = 0
    /// Tokens issued per tenant.
    public var tokensIssuedByTenant: [String: Int] = [:]
    /// Tokens issued per kind of client credential: `secret`, `certificate`, `federated`.
    public var tokensIssuedByCredential: [String: Int] = [:]
    /// Token requests refused, by Entra error code (`AADSTS700027`, …).
    public var tokenRequestsRefused: [String: Int] = [:]
    /// Redirect requests received, whatever their fate.
    public var redirectsReceived = 0
    /// The most redirect requests the simulator was handling at once.
    public var peakConcurrentRedirects = 0
    /// Redirects answered 202.
    public var redirectsAccepted = 0
    /// Redirects answered with an error status (faults included).
    public var redirectsRejected = 0
    /// Rejected redirects by HTTP status (`"400"`, `"404"`, …); resets count as `"reset"`.
    public var rejectionsByStatus: [String: Int] = [:]
    /// Redirects for a known call that arrived after its window closed.
    public var lateArrivals = 0
    /// Redirects or rejects for a call that had already been redirected or rejected.
    public var duplicateRedirects = 0
    /// Rejects answered 202 (also counted in `redirectsAccepted`, which counts every accepted call action).
    public var rejectsAccepted = 0
    /// Faults injected (random or scripted).
    public var faultsInjected = 0
    /// Incoming-call notifications posted to the bot and answered 2xx.
    public var notificationsDelivered = 0
    /// Incoming-call notifications that could not be posted or were not answered 2xx.
    public var notificationsFailed = 0
    /// Terminated notifications posted to callback URIs and answered 2xx.
    public var callbacksDelivered = 0
    /// Terminated notifications that could not be posted or were not answered 2xx.
    public var callbacksFailed = 0

    /// Empty counters.
    public init() {}
}

/// One request the simulated Graph received.
public struct RecordedRequest: Sendable, Hashable, Codable {
    /// Arrival order, from 1.
    public var sequence: Int
    /// The HTTP method.
    public var method: String
    /// The path and query.
    public var path: String
    /// The request headers, in order (`Authorization` included; these are simulator tokens).
    public var headers: [Header]
    /// The body as UTF-8 text.
    public var body: String
    /// Seconds since the simulator started.
    public var receivedAt: Double
    /// The call the request is about, for redirects.
    public var callID: String?
    /// Seconds since that call was offered, for redirects of known calls.
    public var sinceOffer: Double?
    /// The status answered; `nil` while in progress or when the connection was reset.
    public var status: Int?

    /// One header field.
    public struct Header: Sendable, Hashable, Codable {
        /// The field name.
        public var name: String
        /// The field value.
        public var value: String
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
