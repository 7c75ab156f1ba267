import JWTKit
import Logging
import ServiceLifecycle
import Synchronization

/// The issuer's signing keys, cached, refreshed on a schedule and when a token names an unknown key.
///
/// Lookups read an immutable ``SigningKeySet`` under a lock, so verifying tokens never waits on a fetch
/// unless the key it names is unknown. At most one fetch runs at a time; fetches caused by unknown key
/// ids are at most one per ``TokenValidationConfiguration/unknownKeyRefreshInterval``.
final class SigningKeyStore: Sendable {
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
    private let logger: Logger
    private let state = Mutex(State())

    init(
        fetcher: any SigningKeyFetching,
        refreshInterval: Duration,
        unknownKeyRefreshInterval: Duration,
        logger: Logger
    ) {
        self.fetcher = fetcher
        self.refreshInterval = refreshInterval
        self.unknownKeyRefreshInterval = unknownKeyRefreshInterval
        self.logger = logger
    }

    /// Counts key sets: changes whenever a fetch replaces the keys, so results verified against an
    /// older set can be told apart.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// The verifier for `kid`; fetches the keys once (rate-limited) when `kid` is not known.
    func verifier(for kid: String) async -> Lookup {
        enum Step {
            case done(Lookup)
            case wait(Task<Void, Never>)
        }
        let now = ContinuousClock.now
        let step: Step = state.withLock { state in
            if let verifier = state.keys?.verifiers[kid] {
                return .done(.found(verifier))
            }
            if let refresh = state.refresh {
                return .wait(refresh)
            }
            if let last = state.lastAttempt, last.duration(to: now) < unknownKeyRefreshInterval {
                return .done(state.keys == nil ? .unavailable : .unknown)
            }
            return .wait(startRefresh(&state, at: now, reason: "unknown key id"))
        }
        switch step {
        case .done(let lookup):
            return lookup
        case .wait(let refresh):
            await refresh.value
            return state.withLock { state in
                if let verifier = state.keys?.verifiers[kid] { return .found(verifier) }
                return state.keys == nil ? .unavailable : .unknown
            }
        }
    }

    /// Fetches the keys now, or joins the fetch in progress. Returns whether keys are loaded.
    @discardableResult
    func refresh() async -> Bool {
        let refresh = state.withLock { state in
            state.refresh ?? startRefresh(&state, at: .now, reason: "scheduled")
        }
        await refresh.value
        return state.withLock { $0.keys != nil }
    }

    /// Whether a key set is loaded.
    var hasKeys: Bool { state.withLock { $0.keys != nil } }

    /// Refreshes on schedule until cancelled or the service group shuts down: right away, then every
    /// refresh interval; after a failed fetch, again within a minute (backing off from 1 s).
    func runRefreshLoop() async {
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
                state.lastSuccess = .now
                state.refresh = nil
            }
            logger.info(
                "Fetched the token signing keys",
                metadata: ["jwks.kids": "\(keys.keyIDs.joined(separator: ","))", "jwks.reason": "\(reason)"]
            )
        } catch {
            let hadKeys = state.withLock { state in
                state.refresh = nil
                return state.keys != nil
            }
            logger.warning(
                hadKeys ? "Cannot refresh the token signing keys; keeping the previous ones"
                    : "Cannot fetch the token signing keys; notifications are refused with 503 until it works",
                metadata: ["error": "\(error)", "jwks.reason": "\(reason)"]
            )
        }
    }
}
