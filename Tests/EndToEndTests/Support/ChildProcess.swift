import Foundation
import Kafka

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `switchboard` process started by a test: standard output and error go to files in the test's
/// folder (read back for the first line and for failure reports); standard input is a pipe the test
/// can write commands to.
///
/// On Linux the process runs under `timeout(1)`, in a process group of its own, with a hard limit on
/// its life: even if the test runner itself is killed, no process outlives ``lifetimeLimit``.
/// Signals go to the whole group, so SIGKILL really kills the `switchboard` process.
final class ChildProcess: Sendable {
    /// The longest any child may live, whatever happens to the test runner.
    static let lifetimeLimit = 300

    /// A short name for messages (`worker-1`).
    let name: String
    let stdoutPath: String
    let stderrPath: String
    private let process: ProcessBox
    private let input: FileHandle

    /// The process id of the group leader (the `timeout` wrapper when there is one).
    var pid: Int32 { process.value.processIdentifier }

    private init(name: String, stdoutPath: String, stderrPath: String, process: Process, input: FileHandle) {
        self.name = name
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        self.process = ProcessBox(value: process)
        self.input = input
    }

    /// Starts `switchboard <arguments>`, or `switchboard-dev <arguments>` for a developer command.
    ///
    /// - Parameters:
    ///   - name: Names the log files and messages.
    ///   - arguments: The subcommand and its flags.
    ///   - environment: Variables added to this process's environment.
    ///   - folder: Where the output files go.
    static func start(
        name: String, arguments: [String], environment: [String: String] = [:], folder: URL
    ) throws -> ChildProcess {
        let binary = try SwitchboardBinary.path(for: arguments)
        let stdoutPath = folder.appendingPathComponent("\(name).stdout").path
        let stderrPath = folder.appendingPathComponent("\(name).stderr").path
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            process.arguments = ["--kill-after=5", String(lifetimeLimit), binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        // Not while a test of this process sets a mock broker down: the child would hold its socket.
        try KafkaMockCluster.startingChildProcess { try process.run() }
        return ChildProcess(
            name: name, stdoutPath: stdoutPath, stderrPath: stderrPath, process: process,
            input: stdin.fileHandleForWriting)
    }

    /// Whether the process has not exited yet.
    var isRunning: Bool { process.value.isRunning }

    /// The lines written to standard output so far.
    func outputLines() -> [String] {
        let text = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        // Only complete lines: the last element after the final newline is still being written.
        var lines = text.components(separatedBy: "\n")
        lines.removeLast()
        return lines
    }

    /// Waits for the first standard output line that satisfies `predicate`.
    ///
    /// - Throws: ``HarnessError`` with the end of standard error when the process exits or
    ///   `timeout` passes first.
    func waitForLine(
        timeout: Duration, what: String, where predicate: (String) -> Bool = { _ in true }
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = outputLines().first(where: predicate) { return line }
            guard isRunning else {
                throw HarnessError("\(name) exited before printing \(what); its standard error ends with:\n\(stderrTail())")
            }
            guard ContinuousClock.now < deadline else {
                throw HarnessError("\(name) did not print \(what) within \(timeout); its standard error ends with:\n\(stderrTail())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Writes one line to the process's standard input.
    func send(_ line: String) throws {
        try input.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The last `lines` lines of standard error (for failure messages).
    func stderrTail(lines: Int = 30) -> String {
        let text = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Sends `signal` to the process group (the wrapper and `switchboard`).
    func signal(_ signal: Int32) {
        guard isRunning else { return }
        if kill(-pid, signal) != 0 {
            kill(pid, signal)
        }
    }

    /// Kills the process at once (SIGKILL), as a crash would, and reaps it.
    func crash() async {
        signal(SIGKILL)
        _ = await waitForExit(timeout: .seconds(10))
    }

    /// Stops the process: SIGTERM, up to `gracePeriod` to exit, then SIGKILL; always reaps it.
    ///
    /// - Returns: Whether it exited within the grace period (a graceful stop).
    @discardableResult
    func stop(gracePeriod: Duration = .seconds(15)) async -> Bool {
        try? input.close()
        guard isRunning else { return true }
        signal(SIGTERM)
        if await waitForExit(timeout: gracePeriod) { return true }
        signal(SIGKILL)
        _ = await waitForExit(timeout: .seconds(10))
        return false
    }

    /// Polls until the process exited (Foundation reaps it), for at most `timeout`.
    private func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        process.value.waitUntilExit()
        return true
    }
}

/// `Process` is a class Foundation does not mark `Sendable`; it is only read here (its pid and
/// whether it runs), which Foundation synchronizes internally.
private struct ProcessBox: @unchecked Sendable {
    let value: Process
}
