import CRdKafka

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dedicated threads for librdkafka's blocking calls, so they never block Swift's cooperative pool.
enum KafkaThread {
    /// Starts a detached thread running `body`.
    ///
    /// - Parameter name: The thread name seen in debuggers and `top -H` (truncated to 15 bytes on Linux).
    static func detach(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(ThreadBody(name: name, body: body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let result = pthread_create(
            &thread, nil,
            { argument in
                // The box was retained for exactly this thread; the argument is never nil.
                guard let argument else { return nil }
                let body = Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue()
                switchboard_set_thread_name(body.name)
                body.body()
                return nil
            },
            box
        )
        // Failing to start a thread means the process is out of resources; nothing sensible can continue.
        precondition(result == 0, "pthread_create failed with \(result)")
        #if canImport(Glibc)
        pthread_detach(thread)
        #else
        if let thread { pthread_detach(thread) }
        #endif
    }

    /// Runs a blocking call on its own thread and returns its result without blocking the caller's executor.
    static func run<Result: Sendable>(name: String, _ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            detach(name: name) {
                continuation.resume(returning: body())
            }
        }
    }
}

/// The closure a thread runs, passed through `pthread_create`'s untyped argument.
private final class ThreadBody: Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}
