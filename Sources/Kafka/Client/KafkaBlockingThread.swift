import DequeModule
import Synchronization

/// One long-lived thread per client for its blocking librdkafka calls (commit, committed offsets,
/// metadata, flush), so they never block Swift's cooperative pool and no thread is created per call.
///
/// Calls run one at a time in the order they were made. The thread starts with the first call and
/// sleeps in `poll(2)` on an eventfd between calls (no CPU when idle); ``stop()`` lets it finish the
/// queued calls and exit. A call made after ``stop()`` runs on a thread of its own, so it still gets
/// the client's answer (usually ``KafkaError/Code/destroy``).
final class KafkaBlockingThread: Sendable {
    private struct State: Sendable {
        var jobs: Deque<@Sendable () -> Void> = []
        var started = false
        var stopped = false
    }

    private let name: String
    private let state = Mutex(State())
    private let wakeups: KafkaPollThread

    /// - Parameter name: The thread name seen in `top -H` (truncated to 15 bytes on Linux).
    /// - Throws: ``KafkaError/Code/fail`` when the process has no file descriptors left.
    init(name: String) throws(KafkaError) {
        self.name = name
        self.wakeups = try KafkaPollThread()
    }

    /// Runs a blocking call on the client's thread and returns its result without blocking the caller's executor.
    func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            let job: @Sendable () -> Void = { continuation.resume(returning: body()) }
            let (accepted, startThread) = state.withLock { state -> (Bool, Bool) in
                guard !state.stopped else { return (false, false) }
                state.jobs.append(job)
                defer { state.started = true }
                return (true, !state.started)
            }
            guard accepted else {
                KafkaThread.detach(name: name, job)
                return
            }
            if startThread {
                wakeups.start(name: name) { [self] in serve() }
            } else {
                wakeups.wake()
            }
        }
    }

    /// Lets the thread finish the calls already queued, then end. Idempotent.
    func stop() {
        let running = state.withLock { state -> Bool in
            state.stopped = true
            return state.started
        }
        if running { wakeups.wake() }
    }

    /// Runs every queued call; the thread sleeps until woken (`nil`: end, once stopped with nothing queued).
    private func serve() -> Duration? {
        while true {
            let (job, stopped) = state.withLock { state in (state.jobs.popFirst(), state.stopped) }
            guard let job else { return stopped ? nil : Self.idleWake }
            job()
        }
    }

    /// How long the idle thread sleeps without a wake-up; a call or ``stop()`` wakes it at once.
    private static let idleWake = Duration.seconds(3600)
}
