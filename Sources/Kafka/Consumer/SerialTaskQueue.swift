import Synchronization

/// Runs async jobs one after another, in the order they were enqueued.
///
/// The rebalance listener's calls go through it, so an assignment and the revocation that follows
/// are never reported concurrently or out of order.
final class SerialTaskQueue: Sendable {
    private let tail = Mutex<Task<Void, Never>?>(nil)

    func enqueue(_ job: @escaping @Sendable () async -> Void) {
        tail.withLock { tail in
            let previous = tail
            tail = Task {
                await previous?.value
                await job()
            }
        }
    }
}
