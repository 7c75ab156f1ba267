import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal of `switchboard-dev dev`: lines of text, plus on a TTY one status line at the bottom that
/// is redrawn in place. Without a TTY (a pipe, a CI log) the status is printed as plain lines, at
/// most every ``plainInterval``.
final class DevConsole: Sendable {
    /// Whether standard output is a terminal.
    let isTerminal: Bool
    /// How often the status is printed when standard output is not a terminal.
    let plainInterval: Duration
    private let state = Mutex<(status: String?, lastPlain: ContinuousClock.Instant?)>((nil, nil))

    init(isTerminal: Bool = isatty(STDOUT_FILENO) == 1, plainInterval: Duration = .seconds(5)) {
        self.isTerminal = isTerminal
        self.plainInterval = plainInterval
    }

    /// Prints a line above the status line.
    func line(_ text: String = "") {
        state.withLock { state in
            if isTerminal, let status = state.status {
                write("\r\u{1B}[2K" + text + "\n" + status)
            } else {
                write(text + "\n")
            }
        }
    }

    /// Replaces the status line (on a terminal), or prints it when the plain interval has passed.
    ///
    /// - Parameter force: Print it now even without a terminal (the final status).
    func status(_ text: String, force: Bool = false) {
        state.withLock { state in
            if isTerminal {
                state.status = text
                write("\r\u{1B}[2K" + text)
                return
            }
            let now = ContinuousClock.now
            if force || state.lastPlain.map({ $0.duration(to: now) >= plainInterval }) ?? true {
                state.lastPlain = now
                write(text + "\n")
            }
        }
    }

    /// Ends the status line: it stays on screen as the last line written.
    func endStatus() {
        state.withLock { state in
            if isTerminal, state.status != nil {
                write("\n")
            }
            state.status = nil
        }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
