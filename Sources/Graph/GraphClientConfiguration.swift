public import CoreMetrics

/// Everything a `GraphClient` needs: where Graph is, the app's credentials, and how hard to try.
public struct GraphClientConfiguration: Sendable, CustomStringConvertible {
    /// Graph's base URL, the token authority and the API version, default Microsoft's global cloud, `v1.0`.
    public var endpoint: GraphEndpoint
    /// The bot's application (client) id.
    public var clientID: String
    /// How the application authenticates: a client secret, a certificate, or a federated token
    /// (workload identity). Never logged or printed beyond its mode.
    public var credential: GraphCredential
    /// The OAuth scope, default `https://graph.microsoft.com/.default`.
    public var scope: String
    /// The fraction of a token's `expires_in` after which it is refreshed, default 0.8.
    public var tokenRefreshFraction: Double
    /// The timeout of one token request, default 5 s. A fetch is shared by every call that waits
    /// for it, and each of those still stops waiting at its own deadline.
    public var tokenTimeout: Duration
    /// The timeout of one redirect attempt, default 5 s; an attempt never runs past the call's deadline.
    public var attemptTimeout: Duration
    /// How long a request waits to open a connection, or for a pooled connection or HTTP/2 stream to
    /// come free, default 5 s; past it the attempt fails as not sent (and is retried within the window).
    public var connectTimeout: Duration = .seconds(5)
    /// When and how to retry, default `GraphRetryPolicy()`.
    public var retry: GraphRetryPolicy
    /// HTTP/1.1 connections to Graph, default 512. Over HTTP/1.1 each in-flight redirect needs its own
    /// connection, and the client's pools (one per event loop) share this many. With HTTP/2 offered it bounds
    /// each pool's fallback to HTTP/1.1, should Graph answer without HTTP/2.
    public var maxConnectionsPerHost: Int
    /// Whether HTTP/2 is offered in TLS negotiation (ALPN), default `true`.
    public var http2: Bool
    /// HTTP/2 connections the client spreads redirects over, default 4.
    ///
    /// AsyncHTTPClient keeps one HTTP/2 connection per host, and a server caps the concurrent streams
    /// on one connection (100 is common), which would cap a worker at about 500 redirects/s at 200 ms
    /// Graph latency. The client therefore runs this many independent connection pools, and each
    /// attempt takes the one with the fewest attempts in flight. `http2Connections(forConcurrentRedirects:)`
    /// gives the count that carries a given concurrency; `switchboard worker` sizes it from its `--max-in-flight`.
    public var http2Connections: Int
    /// The client-side per-tenant request budget, default Graph's 50,000 per 15 s.
    public var rateLimit: GraphRateLimit
    /// Tenants whose tokens `prewarm()` fetches, default none.
    public var prewarmTenants: [String]
    /// Extra certificate authorities (PEM) trusted besides the system's, default none. For the
    /// simulator's self-signed certificate.
    public var additionalTrustRootsPEM: String?
    /// Where metrics are recorded, default the process-wide `MetricsSystem` factory.
    public var metricsFactory: (any MetricsFactory)?

    /// Creates a configuration; only the application id and its credential have no default.
    public init(
        clientID: String,
        credential: GraphCredential,
        endpoint: GraphEndpoint = GraphEndpoint(),
        scope: String = "https://graph.microsoft.com/.default",
        tokenRefreshFraction: Double = 0.8,
        tokenTimeout: Duration = .seconds(5),
        attemptTimeout: Duration = .seconds(5),
        retry: GraphRetryPolicy = GraphRetryPolicy(),
        maxConnectionsPerHost: Int = 512,
        http2: Bool = true,
        http2Connections: Int = 4,
        rateLimit: GraphRateLimit = GraphRateLimit(),
        prewarmTenants: [String] = [],
        additionalTrustRootsPEM: String? = nil,
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        precondition(tokenRefreshFraction > 0 && tokenRefreshFraction <= 1, "tokenRefreshFraction must be in (0, 1]")
        precondition(http2Connections >= 1, "http2Connections must be at least 1")
        self.endpoint = endpoint
        self.clientID = clientID
        self.credential = credential
        self.scope = scope
        self.tokenRefreshFraction = tokenRefreshFraction
        self.tokenTimeout = tokenTimeout
        self.attemptTimeout = attemptTimeout
        self.retry = retry
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.http2 = http2
        self.http2Connections = http2Connections
        self.rateLimit = rateLimit
        self.prewarmTenants = prewarmTenants
        self.additionalTrustRootsPEM = additionalTrustRootsPEM
        self.metricsFactory = metricsFactory
    }

    /// The configuration without its secret.
    public var description: String {
        "GraphClientConfiguration(baseURL: \(endpoint.baseURL), authority: \(endpoint.authority), "
            + "apiVersion: \(endpoint.apiVersion.rawValue), clientID: \(clientID), credential: \(credential), "
            + "attemptTimeout: \(attemptTimeout), http2: \(http2), http2Connections: \(http2Connections), maxConnectionsPerHost: \(maxConnectionsPerHost))"
    }
}

extension GraphClientConfiguration {
    /// The concurrent streams one HTTP/2 connection is assumed to carry when sizing `http2Connections`: 100,
    /// the least RFC 9113 (section 6.5.2) recommends a server to allow, a common setting, and the simulator's.
    public static let assumedStreamsPerConnection = 100

    /// The HTTP/2 connections that carry `concurrentRedirects` at once at `assumedStreamsPerConnection` each,
    /// at least one: 11 for 1,024.
    public static func http2Connections(forConcurrentRedirects concurrentRedirects: Int) -> Int {
        max(1, (concurrentRedirects + assumedStreamsPerConnection - 1) / assumedStreamsPerConnection)
    }
}
