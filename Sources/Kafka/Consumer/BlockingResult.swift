import Dispatch
import Synchronization

/// A value a dedicated thread waits for, with a timeout, while an async task produces it.
final class BlockingResult<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    /// Delivers the value and wakes the waiting thread.
    func set(_ newValue: Value) {
        value.withLock { $0 = newValue }
        ready.signal()
    }

    /// Blocks the calling thread until the value arrives or `timeout` passes (then `nil`).
    ///
    /// - Important: Only for dedicated threads, never for Swift's cooperative pool.
    func wait(timeout: Duration) -> Value? {
        let deadline = DispatchTime.now() + .milliseconds(timeout.kafkaMilliseconds)
        guard ready.wait(timeout: deadline) == .success else { return nil }
        return value.withLock { $0 }
    }
}
