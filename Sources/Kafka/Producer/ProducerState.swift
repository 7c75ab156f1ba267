/// The producer's shared state: sends waiting for their delivery report, their deadlines, and the
/// lifecycle.
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

    /// What happened to a send's registration.
    enum Registration {
        /// The send may not go ahead.
        case refused(any Error)
        /// The send waits; wake the poll thread when its deadline comes before the thread's next wake-up.
        case registered(wakePollThread: Bool)
    }

    typealias Continuation = CheckedContinuation<KafkaDeliveryReport, any Error>

    var lifecycle = Lifecycle.running
    /// Sends waiting for their delivery report, by the id passed to librdkafka as the record's opaque.
    var pending: [UInt64: Continuation] = [:]
    /// Deadlines of sends that have one (entries of completed sends are dropped lazily).
    var deadlines = DeadlineHeap()
    /// Sends failed at their deadline whose delivery report has not arrived yet.
    var timedOut: Set<UInt64> = []
    /// Delivery reports that arrived after their send had failed at its deadline.
    var lateDeliveryReports = 0
    /// The latest instant the poll thread sleeps until; `nil` before it first says.
    var pollThreadWake: ContinuousClock.Instant?
    /// Ids start at 1, so a record's opaque is never a null pointer.
    var lastID: UInt64 = 0
    /// Records handed to librdkafka whose delivery report has not arrived, cancelled and timed-out sends included.
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
        _ continuation: Continuation,
        deadline: ContinuousClock.Instant?,
        isCancelled: Bool
    ) -> Registration {
        if isCancelled { return .refused(CancellationError()) }
        if let fatalError { return .refused(fatalError) }
        guard case .running = lifecycle else {
            return .refused(KafkaError(.destroy, message: "the producer is shut down; the record was not sent"))
        }
        pending[id] = continuation
        inFlight += 1
        guard let deadline else { return .registered(wakePollThread: false) }
        deadlines.insert(DeadlineHeap.Entry(deadline: deadline, id: id))
        let wake = pollThreadWake.map { deadline < $0 } ?? true
        if wake { pollThreadWake = deadline }
        return .registered(wakePollThread: wake)
    }

    /// Takes the continuation of a send whose record librdkafka reported on (or rejected); `isLate`
    /// when the send already failed at its deadline.
    mutating func complete(_ id: UInt64) -> (continuation: Continuation?, isLate: Bool) {
        inFlight -= 1
        if let continuation = pending.removeValue(forKey: id) { return (continuation, false) }
        guard timedOut.remove(id) != nil else { return (nil, false) }
        lateDeliveryReports += 1
        return (nil, true)
    }

    /// Takes the continuations of sends whose deadline is not after `now`, and says how long the
    /// poll thread may sleep: until the next deadline, at most `tick`.
    mutating func expire(now: ContinuousClock.Instant, tick: Duration) -> (expired: [Continuation], sleep: Duration) {
        var expired: [Continuation] = []
        while let earliest = deadlines.first {
            if let continuation = pending[earliest.id] {
                guard earliest.deadline <= now else { break }
                pending[earliest.id] = nil
                timedOut.insert(earliest.id)
                expired.append(continuation)
            }
            // Completed in time, cancelled, or just expired: the entry has served its purpose.
            deadlines.removeFirst()
        }
        let wake = deadlines.first.map { min($0.deadline, now + tick) } ?? now + tick
        pollThreadWake = wake
        return (expired, now.duration(to: wake))
    }
}
