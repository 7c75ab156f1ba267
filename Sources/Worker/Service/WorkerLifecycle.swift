import Synchronization

/// Where a worker is in its life, and the offsets it last committed (for lag).
final class WorkerLifecycle: Sendable {
    private struct State: Sendable {
        var running = false
        var assigned = false
        var stopping = false
        var crashed = false
        var stoppingSince: ContinuousClock.Instant?
        var committed: [Int32: Int64] = [:]
    }

    private let state = Mutex(State())

    var isStopping: Bool { state.withLock { $0.stopping } }
    var isCrashed: Bool { state.withLock { $0.crashed } }

    func markRunning() { state.withLock { $0.running = true } }
    func markAssigned() { state.withLock { $0.assigned = true } }
    func markStopping() {
        state.withLock { state in
            state.stopping = true
            if state.stoppingSince == nil { state.stoppingSince = .now }
        }
    }

    /// When graceful shutdown began (SIGTERM, as far as the worker can tell).
    var stoppingSince: ContinuousClock.Instant? { state.withLock { $0.stoppingSince } }
    /// Test hook: behave like a process that died (no further commits, no draining).
    func markCrashed() { state.withLock { $0.crashed = true; $0.stopping = true } }

    /// Whether the worker consumes: running, assigned at least once, not stopping.
    var readiness: (ready: Bool, detail: String) {
        state.withLock { state in
            if !state.running { return (false, "the worker is not running") }
            if state.stopping { return (false, "the worker is shutting down") }
            if !state.assigned { return (false, "waiting for the first partition assignment") }
            return (true, "consuming")
        }
    }

    /// The offsets committed last, by partition.
    var committed: [Int32: Int64] { state.withLock { $0.committed } }

    /// Offsets of `offsets` that differ from the last committed ones.
    func uncommitted(_ offsets: [Int32: Int64]) -> [Int32: Int64] {
        state.withLock { state in offsets.filter { state.committed[$0.key] != $0.value } }
    }

    func recordCommitted(_ offsets: [Int32: Int64]) {
        state.withLock { state in
            for (partition, offset) in offsets { state.committed[partition] = offset }
        }
    }

    func forget(_ partitions: [Int32]) {
        state.withLock { state in
            for partition in partitions { state.committed[partition] = nil }
        }
    }
}
