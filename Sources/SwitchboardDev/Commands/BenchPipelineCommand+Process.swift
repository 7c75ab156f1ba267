import AsyncHTTPClient
import Foundation
import Worker

#if canImport(Glibc)
import Glibc
#endif

extension BenchPipelineCommand {
    /// `switchboard worker` as a child process, so its own CPU and memory can be read from /proc.
    struct SpawnedWorker: WorkerUnderTest {
        let process: Process
        let healthPort: Int

        static func start(_ setup: WorkerSetup) throws -> SpawnedWorker {
            let healthPort = try FreePort.pick()
            var environment = ProcessInfo.processInfo.environment
            let settings: [String: String] = [
                "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS": setup.client.bootstrapServers,
                "SWITCHBOARD_KAFKA_PROPERTIES": setup.consumerProperties.map { "\($0.key)=\($0.value)" }.joined(separator: ";"),
                "SWITCHBOARD_KAFKA_LOG_LEVEL": "warning",
                "SWITCHBOARD_NOTIFICATIONS_TOPIC": setup.configuration.notificationsTopic,
                "SWITCHBOARD_OUTCOMES_TOPIC": setup.configuration.outcomesTopic,
                "SWITCHBOARD_DLQ_TOPIC": setup.configuration.deadLetterTopic,
                "SWITCHBOARD_CONSUMER_GROUP": setup.group,
                "SWITCHBOARD_SESSION_TIMEOUT": "6s",
                "SWITCHBOARD_RULES_FILE": setup.rulesPath,
                "SWITCHBOARD_GRAPH_BASE_URL": setup.graphURL,
                "SWITCHBOARD_GRAPH_AUTHORITY": setup.graphURL,
                "SWITCHBOARD_GRAPH_CLIENT_ID": "bench",
                "SWITCHBOARD_GRAPH_CLIENT_SECRET": "bench",
                "SWITCHBOARD_GRAPH_TENANTS": PipelineRun.tenant,
                "SWITCHBOARD_MAX_IN_FLIGHT": String(setup.configuration.maxInFlight),
                "SWITCHBOARD_ORDERING": setup.configuration.ordering.rawValue,
                "SWITCHBOARD_HEALTH_PORT": String(healthPort),
                "SWITCHBOARD_LOG_LEVEL": "warning",
                "SWITCHBOARD_LOG_FORMAT": "text",
            ]
            environment.merge(settings) { _, new in new }
            if let pem = setup.caPEM {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-ca-\(healthPort).pem").path
                try pem.write(toFile: path, atomically: true, encoding: .utf8)
                environment["SWITCHBOARD_GRAPH_CA_FILE"] = path
            }
            let process = Process()
            if let command = setup.run.workerCommand {
                let executable = URL(fileURLWithPath: command).standardizedFileURL
                guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                    throw BenchError("--worker-command \(command) is not an executable file")
                }
                process.executableURL = executable
                process.arguments = []
            } else {
                // The production executable, built next to this one: the worker measured is the one that ships.
                let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
                    .deletingLastPathComponent().appendingPathComponent("switchboard")
                guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                    throw BenchError("--worker-process starts \(executable.path), which is not there; build it with `swift build --product switchboard`")
                }
                process.executableURL = executable
                process.arguments = ["worker"]
            }
            process.environment = environment
            try process.runWithSignalsUnblocked()
            return SpawnedWorker(process: process, healthPort: healthPort)
        }

        func isReady() async throws -> Bool {
            guard process.isRunning else { throw BenchError("the worker process exited with status \(process.terminationStatus)") }
            do {
                let response = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(healthPort)/readyz"), timeout: .seconds(2))
                return response.status == .ok
            } catch {
                return false
            }
        }

        func waitForOutcomes(_ count: Int, in tail: OutcomeTail, timeout: Duration) async throws {
            try await tail.waitForDecisions(count, timeout: timeout) {
                guard process.isRunning else { throw BenchError("the worker process exited with status \(process.terminationStatus)") }
            }
        }

        /// User plus system CPU of the child, from `/proc/<pid>/stat` (fields 14 and 15, clock ticks).
        var cpuSeconds: Double? {
            guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            // After the command name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }

        /// The child's peak resident memory (`VmHWM`).
        var maxRSSKilobytes: Int? { ProcessStatus.kilobytes("VmHWM", pid: process.processIdentifier) }

        /// The child's resident memory now (`VmRSS`).
        var rssKilobytes: Int? { ProcessStatus.kilobytes("VmRSS", pid: process.processIdentifier) }

        /// SIGTERM, then waits for the graceful shutdown (SIGKILL after 30 s).
        func stop() async {
            process.terminate()
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(30)
            while process.isRunning, clock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }
}

/// Fields of `/proc/<pid>/status`.
enum ProcessStatus {
    /// A `kB` field such as `VmRSS` of process `pid` (this process when `nil`).
    static func kilobytes(_ field: String, pid: Int32?) -> Int? {
        let path = "/proc/" + (pid.map { String($0) } ?? "self") + "/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
        else { return nil }
        return line.split(separator: " ").compactMap { Int($0) }.first
    }
}
