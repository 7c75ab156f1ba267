import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Process {
    /// Starts the process with no signals blocked.
    ///
    /// Foundation's `Process` on Linux spawns the child with the calling thread's signal mask
    /// (swift-corelibs-foundation issue 4772), and a Swift task runs on a Dispatch worker thread, which
    /// blocks almost every signal. A child started from a task would then ignore `terminate()`'s SIGTERM
    /// (a Python worker under `bench pipeline --worker-command` ran on until the SIGKILL 30 s later). The
    /// mask of this thread is cleared for the synchronous spawn and restored at once.
    func runWithSignalsUnblocked() throws {
        var unblocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&unblocked)
        pthread_sigmask(SIG_SETMASK, &unblocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try run()
    }
}
