/// The producer's shared state: sends waiting for their delivery report, and its lifecycle.
///
/// Mutated under the producer's lock; continuations are resumed by the caller after the lock is released.
struct ProducerState {
    enum Lifecycle {
        /// Accepting sends.
        case running
        /// `shutdown` is flushing; new sends are refused.
        case shuttingDown
        /// The handle is destroyed.
        case shutDown
    }

    var lifecycle = Lifecycle.running
    /// Sends waiting for their delivery report, by the id passed to librdkafka as the record's opaque.
    var pending: [UInt64: CheckedContinuation<KafkaDeliveryReport, any Error>] = [:]
    /// Ids start at 1, so a record's opaque is never a null pointer.
    var lastID: UInt64 = 0
    /// Records handed to librdkafka whose delivery report has not arrived, cancelled sends included.
    var inFlight = 0
    /// Set once librdkafka raised a fatal error; every later send throws it.
    var fatalError: KafkaError?
    /// Set when the poll thread should destroy the handle and stop.
    var stopRequested = false
    /// Callers of `shutdown` waiting for the handle to be destroyed.
    var shutdownWaiters: [CheckedContinuation<Void, Never>] = []

    /// Registers a send, or says why it is refused.
    mutating func register(
        _ id: UInt64,
        _ continuation: CheckedContinuation<KafkaDeliveryReport, any Error>,
        isCancelled: Bool
    ) -> (any Error)? {
        if isCancelled { return CancellationError() }
        if let fatalError { return fatalError }
        guard case .running = lifecycle else {
            return KafkaError(.destroy, message: "the producer is shut down; the record was not sent")
        }
        pending[id] = continuation
        inFlight += 1
        return nil
    }

    /// Takes the continuation of a send whose record librdkafka reported on (or rejected).
    mutating func complete(_ id: UInt64) -> CheckedContinuation<KafkaDeliveryReport, any Error>? {
        inFlight -= 1
        return pending.removeValue(forKey: id)
    }
}
