/// A bearer token for one tenant and when to stop and start using it.
struct GraphAccessToken: Sendable, Hashable {
    /// The bearer token.
    let value: String
    /// The tenant it was issued for.
    var tenant: String
    /// After this instant a new token is fetched in the background while this one is still used.
    var refreshAt: ContinuousClock.Instant
    /// After this instant the token is not used at all.
    var expiresAt: ContinuousClock.Instant
    /// The `Authorization` header value, `Bearer <token>`: built once per token rather than once per
    /// request (a token is over a kilobyte).
    let authorization: String

    init(value: String, tenant: String, refreshAt: ContinuousClock.Instant, expiresAt: ContinuousClock.Instant) {
        self.value = value
        self.tenant = tenant
        self.refreshAt = refreshAt
        self.expiresAt = expiresAt
        self.authorization = "Bearer " + value
    }
}

/// One tenant's token state: the cached token and the one fetch that may be in flight.
struct TenantTokenState: Sendable {
    var cached: GraphAccessToken?
    var fetch: Task<GraphAccessToken, any Error>?
    /// Bumped per fetch, so a slow, superseded fetch cannot overwrite a newer token.
    var generation: UInt64 = 0

    /// What a caller should do to get a token.
    enum Action {
        /// Use this token now.
        case use(GraphAccessToken)
        /// Use this token now, and start the background refresh (no fetch in flight yet).
        case useAndRefresh(GraphAccessToken)
        /// Wait for the fetch in flight.
        case wait(Task<GraphAccessToken, any Error>)
        /// Start a fetch and wait for it.
        case fetch
    }

    func action(now: ContinuousClock.Instant) -> Action {
        if let cached, now < cached.expiresAt {
            if now < cached.refreshAt || fetch != nil { return .use(cached) }
            return .useAndRefresh(cached)
        }
        if let fetch { return .wait(fetch) }
        return .fetch
    }
}
