import JWTKit
import Logging
import ServiceLifecycle
import Synchronization

/// The issuer's signing keys, cached, refreshed on a schedule and when a token names an unknown key.
///
/// Lookups read an immutable ``SigningKeySet`` under a lock, so verifying tokens never waits on a fetch
/// unless the key it names is unknown. At most one fetch runs at a time; fetches caused by unknown key
/// ids are at most one per ``TokenValidationConfiguration/unknownKeyRefreshInterval``. Keys not
/// refreshed for ``TokenValidationConfiguration/maxKeyAge`` (the endpoint has been failing that long)
/// are no longer used: the ingress is then not ready and refuses tokens with 503 until a fetch works,
/// so a key Microsoft has withdrawn is not trusted indefinitely.
final class SigningKeyStore: Service, Sendable {
    /// The outcome of looking a key id up.
    enum Lookup: Sendable {
        case found(any JWTAlgorithm)
        /// The key set is loaded and does not hold the key.
        case unknown
        /// No key set could be fetched yet.
        case unavailable
    }

    private struct State {
        var keys: SigningKeySet?
        var generation: UInt64 = 0
        var lastAttempt: ContinuousClock.Instant?
        var lastSuccess: ContinuousClock.Instant?
        var refresh: Task<Void, Never>?
    }

    private let fetcher: any SigningKeyFetching
    private let refreshInterval: Duration
    private let unknownKeyRefreshInterval: Duration
    private let maxKeyAge: Duration
    private let logger: Logger
    /// Told of every fetch: whether it worked.
    private let onFetch: @Sendable (_ succeeded: Bool) -> Void
    /// The store's clock; a test seam (keys age without a test waiting for it).
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    init(
        fetcher: any SigningKeyFetching,
        refreshInterval: Duration,
        unknownKeyRefreshInterval: Duration,
        maxKeyAge: Duration = TokenValidationConfiguration.defaultMaxKeyAge,
        logger: Logger,
        onFetch: @escaping @Sendable (_ succeeded: Bool) -> Void = { _ in },
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.onFetch = onFetch
        self.fetcher = fetcher
        self.refreshInterval = refreshInterval
        self.unknownKeyRefreshInterval = unknownKeyRefreshInterval
        self.maxKeyAge = maxKeyAge
        self.logger = logger
        self.clock = clock
    }

    /// The keys while they are fresh enough to use.
    private func usableKeys(_ state: State, now: ContinuousClock.Instant) -> SigningKeySet? {
        guard let keys = state.keys, let fetched = state.lastSuccess, fetched.duration(to: now) <= maxKeyAge else { return nil }
        return keys
    }

    /// Counts key sets: changes whenever a fetch replaces the keys, so results verified against an
    /// older set can be told apart; `nil` while no usable key set is loaded (none yet, or older than
    /// the maximum key age), so no earlier verification is trusted then.
    var generation: UInt64? {
        let now = clock()
        return state.withLock { usableKeys($0, now: now) == nil ? nil : $0.generation }
    }

    /// The verifier for `kid`; fetches the keys once (rate-limited) when `kid` is not known.
    func verifier(for kid: String) async -> Lookup {
        enum Step {
            case done(Lookup)
            case wait(Task<Void, Never>)
        }
        let now = clock()
        let step: Step = state.withLock { state in
            let keys = usableKeys(state, now: now)
            if let verifier = keys?.verifiers[kid] {
                return .done(.found(verifier))
            }
            if let refresh = state.refresh {
                return .wait(refresh)
            }
            if let last = state.lastAttempt, last.duration(to: now) < unknownKeyRefreshInterval {
                return .done(keys == nil ? .unavailable : .unknown)
            }
            return .wait(startRefresh(&state, at: now, reason: "unknown key id"))
        }
        switch step {
        case .done(let lookup):
            return lookup
        case .wait(let refresh):
            await refresh.value
            let now = clock()
            return state.withLock { state in
                let keys = usableKeys(state, now: now)
                if let verifier = keys?.verifiers[kid] { return .found(verifier) }
                return keys == nil ? .unavailable : .unknown
            }
        }
    }

    /// Fetches the keys now, or joins the fetch in progress. Returns whether keys are loaded.
    @discardableResult
    func refresh() async -> Bool {
        let refresh = state.withLock { state in
            state.refresh ?? startRefresh(&state, at: clock(), reason: "scheduled")
        }
        await refresh.value
        return hasKeys
    }

    /// Whether a key set is loaded and younger than the maximum key age.
    var hasKeys: Bool {
        let now = clock()
        return state.withLock { usableKeys($0, now: now) != nil }
    }

    /// The refresh loop, as a `Service`: refreshes on schedule until cancelled or the service group shuts
    /// down: right away, then every refresh interval; after a failed fetch, again within a minute (backing
    /// off from 1 s).
    func run() async {
        var retryDelay = Duration.seconds(1)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let before = state.withLock { $0.lastSuccess }
            await refresh()
            let after = state.withLock { $0.lastSuccess }
            let delay: Duration
            if after != nil, after != before {
                retryDelay = .seconds(1)
                delay = refreshInterval
            } else {
                delay = retryDelay
                retryDelay = min(retryDelay * 2, .seconds(60))
            }
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: delay)
            }
        }
    }

    private func startRefresh(_ state: inout State, at now: ContinuousClock.Instant, reason: String) -> Task<Void, Never> {
        state.lastAttempt = now
        let task = Task { await self.performRefresh(reason: reason) }
        state.refresh = task
        return task
    }

    private func performRefresh(reason: String) async {
        do {
            let keys = try await fetcher.fetchKeys()
            state.withLock { state in
                state.keys = keys
                state.generation += 1
                state.lastSuccess = clock()
                state.refresh = nil
            }
            onFetch(true)
            logger.info(
                "Fetched the token signing keys",
                metadata: ["jwks.kids": "\(keys.keyIDs.joined(separator: ","))", "jwks.reason": "\(reason)"]
            )
        } catch {
            let hadKeys = state.withLock { state in
                state.refresh = nil
                return state.keys != nil
            }
            onFetch(false)
            logger.warning(
                hadKeys ? "Cannot refresh the token signing keys; keeping the previous ones"
                    : "Cannot fetch the token signing keys; notifications are refused with 503 until it works",
                metadata: ["error": "\(error)", "jwks.reason": "\(reason)"]
            )
        }
    }
}
