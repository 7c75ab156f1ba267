import Synchronization

/// Counts notifications being read or stored and refuses new ones past a bound.
///
/// The bound caps memory: at most `limit` bodies (each at most the body limit) are held at once.
/// Past it the ingress answers 503 at once instead of queueing.
final class InFlightLimiter: Sendable {
    /// The most notifications held at once.
    let limit: Int
    private let count = Atomic<Int>(0)

    init(limit: Int) {
        precondition(limit > 0, "the in-flight limit must be positive")
        self.limit = limit
    }

    /// Takes a slot; `false` when all are taken.
    func tryAcquire() -> Bool {
        let (_, new) = count.add(1, ordering: .relaxed)
        if new > limit {
            count.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives a slot back.
    func release() {
        count.subtract(1, ordering: .relaxed)
    }

    /// The slots taken now.
    var current: Int { count.load(ordering: .relaxed) }

    /// Whether every slot is taken.
    var isSaturated: Bool { current >= limit }
}
