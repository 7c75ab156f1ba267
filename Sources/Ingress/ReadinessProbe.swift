import Observability
import Synchronization

/// Answers `/readyz`: the cluster is reachable, the signing keys are loaded, and there is capacity.
///
/// Reachability is a metadata round trip, so its result is cached for ``cacheDuration`` and at most one
/// check runs at a time, however often Kubernetes probes.
final class ReadinessProbe: Sendable {
    private struct State {
        var reachable: Bool?
        var checkedAt: ContinuousClock.Instant?
        var check: Task<Bool, Never>?
    }

    private let sink: any NotificationSink
    private let limiter: InFlightLimiter
    private let keys: SigningKeyStore?
    /// How long a reachability result is reused. Default 5 s.
    let cacheDuration: Duration
    /// The timeout of one reachability check. Default 2 s.
    let checkTimeout: Duration
    private let state = Mutex(State())

    init(
        sink: any NotificationSink,
        limiter: InFlightLimiter,
        keys: SigningKeyStore?,
        cacheDuration: Duration = .seconds(5),
        checkTimeout: Duration = .seconds(2)
    ) {
        self.sink = sink
        self.limiter = limiter
        self.keys = keys
        self.cacheDuration = cacheDuration
        self.checkTimeout = checkTimeout
    }

    /// The current readiness.
    func status() async -> HealthStatus {
        guard await isClusterReachable() else {
            return HealthStatus(isReady: false, detail: "the Kafka cluster is not reachable")
        }
        if let keys, !keys.hasKeys {
            return HealthStatus(isReady: false, detail: "the token signing keys are not loaded (or older than the maximum key age)")
        }
        if limiter.isSaturated {
            return HealthStatus(isReady: false, detail: "at the in-flight limit of \(limiter.limit) notifications")
        }
        return HealthStatus(isReady: true, detail: "ready")
    }

    private func isClusterReachable() async -> Bool {
        enum Step {
            case cached(Bool)
            case wait(Task<Bool, Never>)
        }
        let now = ContinuousClock.now
        let step: Step = state.withLock { state in
            if let reachable = state.reachable, let at = state.checkedAt, at.duration(to: now) < cacheDuration {
                return .cached(reachable)
            }
            if let running = state.check { return .wait(running) }
            let sink = self.sink
            let timeout = checkTimeout
            let task = Task { await sink.isReachable(timeout: timeout) }
            state.check = task
            return .wait(task)
        }
        switch step {
        case .cached(let reachable):
            return reachable
        case .wait(let check):
            let reachable = await check.value
            state.withLock { state in
                if state.check == check {
                    state.reachable = reachable
                    state.checkedAt = .now
                    state.check = nil
                }
            }
            return reachable
        }
    }
}
