import Foundation
import Kafka
import Testing

/// `switchboard rules replay --input` as a user runs it: the built executable, files on disk.
@Suite("rules replay --input, the executable")
struct RulesReplayCLITests {
    static let baseline = """
        timeZone: America/New_York
        rules:
          - name: front-desk
            when:
              schedule: {weekdays: [mon-fri], hours: "08:00-18:00"}
            action:
              redirect: {targets: [{phone: "+12345678901"}]}
        default:
          ignore: {reason: closed}
        """
    static let candidate = """
        timeZone: America/New_York
        rules:
          - name: front-desk
            when:
              schedule: {weekdays: [mon-fri], hours: "08:00-18:00"}
            action:
              redirect: {targets: [{phone: "+12345678901"}]}
        default:
          reject: {reason: busy}
        """

    static func envelope(_ callID: String) -> String {
        #"{"value":[{"changeType":"created","resourceUrl":"/communications/calls/\#(callID)","resourceData":{"#
            + #""state":"incoming","direction":"incoming","source":{"identity":{"phone":{"id":"+14255550123"}}},"#
            + #""targets":[{"identity":{"application":{"id":"24701998-1a73-4d42-8085-bf46ed0ae039"}}}],"id":"\#(callID)"}}]}"#
    }

    /// Runs `switchboard` with `arguments` to its end (bounded) and returns its exit status and output.
    static func run(_ arguments: [String], in folder: URL) async throws -> (status: Int32, stdout: String, stderr: String) {
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try SwitchboardBinary.path(for: arguments))
        process.arguments = arguments
        // The test runner's own SWITCHBOARD_ settings (a rules file, a Graph version) must not leak in.
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHBOARD_") }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        // Not while a test of this process sets a mock broker down: the child would hold its socket.
        try KafkaMockCluster.startingChildProcess { try process.run() }
        for _ in 0..<600 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning {
            process.terminate()
            throw HarnessError("switchboard \(arguments.joined(separator: " ")) did not exit within 60 s")
        }
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try baseline.write(to: folder.appendingPathComponent("current.yaml"), atomically: true, encoding: .utf8)
        try candidate.write(to: folder.appendingPathComponent("next.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("a JSON Lines file is replayed: the table in text, the documented shape in JSON")
    func replaysFile() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Tuesday 2025-06-03: 14:00Z is 10:00 in New York (open), 23:00Z is 19:00 (closed).
        let lines = [
            #"{"receivedAt":"2025-06-03T14:00:00Z","notification":\#(Self.envelope("day-call"))}"#,
            "",
            #"{"receivedAt":"2025-06-03T23:00:00Z","notification":\#(Self.envelope("night-call"))}"#,
            #"{"receivedAt":"2025-06-03T23:05:00Z","notification":{"value":"not a list"}}"#,
        ]
        let input = folder.appendingPathComponent("calls.jsonl")
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let base = ["rules", "replay", "--baseline", folder.appendingPathComponent("current.yaml").path,
                    "--rules", folder.appendingPathComponent("next.yaml").path, "--input", input.path]

        let text = try await Self.run(base, in: folder)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("3 records: 2 calls evaluated, 0 other notifications (not routed), 1 could not be evaluated"))
        #expect(text.stdout.contains("1 of 2 calls would be handled differently (50.0%)"))
        #expect(text.stdout.contains("changed  1 call\n  baseline  [default] ignore\n  candidate [default] reject (busy)\n  e.g. night-call"))
        #expect(text.stdout.contains("same     1 call\n  baseline  [front-desk] redirect to phone +12345678901"))
        #expect(text.stdout.contains("line 4: ["), "the unreadable notification is named by its line")

        let json = try await Self.run(base + ["--format", "json"], in: folder)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["calls"] as? Int == 2)
        #expect(report["changedCalls"] as? Int == 1)
        #expect((report["unevaluated"] as? [String: Any])?["count"] as? Int == 1)
        let changed = try #require((report["rows"] as? [[String: Any]])?.first)
        #expect(changed["changed"] as? Bool == true)
        #expect(changed["sampleCallIds"] as? [String] == ["night-call"])
    }

    @Test("a line that is not a recorded notification stops the replay with its line number")
    func badLine() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("calls.jsonl")
        let lines = [#"{"receivedAt":"2025-06-03T14:00:00Z","notification":\#(Self.envelope("a"))}"#, "{\"receivedAt\": oops}"]
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let result = try await Self.run(
            ["rules", "replay", "--baseline", folder.appendingPathComponent("current.yaml").path,
             "--rules", folder.appendingPathComponent("next.yaml").path, "--input", input.path],
            in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(input.path):2: error: not JSON"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("without --baseline the worker's live rules file (SWITCHBOARD_RULES_FILE) is required")
    func baselineRequired() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("calls.jsonl")
        try "".write(to: input, atomically: true, encoding: .utf8)
        let result = try await Self.run(
            ["rules", "replay", "--rules", folder.appendingPathComponent("next.yaml").path, "--input", input.path], in: folder)
        #expect(result.status != 0)
        #expect(result.stderr.contains("SWITCHBOARD_RULES_FILE"))
    }
}
