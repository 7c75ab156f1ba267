import Foundation
import Testing

extension EndToEndTests {
    /// The README's first command, as a newcomer runs it (on free ports, fewer calls): it replays the
    /// examples, offers the calls, prints the summary with every outcome type, and exits 0 by itself.
    @Test("switchboard dev runs the whole system, prints a summary and stops by itself")
    func devCommand() async throws {
        let started = ContinuousClock.now
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-dev-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dev = try ChildProcess.start(
            name: "dev",
            arguments: [
                "dev", "--calls", "60", "--rate", "60", "--ingress-port", "0", "--ingress-health-port", "0", "--simulator-port", "0", "--worker-health-port", "0",
                "--rules-file", Fixtures.seedRules,
                "--topics-dir", root.appendingPathComponent("topics").path,
                "--log-file", folder.appendingPathComponent("dev.log").path,
            ],
            folder: folder)
        let finished = await Result(catching: {
            try await dev.waitForLine(timeout: .seconds(100), what: "Stopped.") { $0 == "Stopped." }
        })
        let exitedByItself = await Task { await dev.stop(gracePeriod: .seconds(20)) }.value
        let output = dev.outputLines()
        guard case .success = finished else {
            Issue.record("switchboard dev did not finish: \(finished)\n\(output.suffix(40).joined(separator: "\n"))")
            return
        }
        #expect(exitedByItself)
        let text = output.joined(separator: "\n")
        for expected in ["Replaying the three examples", "example 1: call", "example 2: call", "example 3: call", "Summary after",
                         "Outcomes by type", "Decisions by rule", "Deadline misses: 0", "outcomes tail --kafka-bootstrap-servers",
                         "dev token"] {
            #expect(text.contains(expected), "missing \"\(expected)\" in:\n\(text)")
        }
        // The examples are redirected by their rules (example 3 shares example 1's call id: duplicate).
        #expect(output.contains { $0.contains("example 1:") && $0.contains("redirected by rule front-desk") })
        #expect(output.contains { $0.contains("example 2:") && $0.contains("redirected by rule escalations-simulring") })
        #expect(output.contains { $0.contains("example 3:") && $0.contains("duplicate") })
        // Every synthetic kind reached its rule: three redirecting rules and the default (ignored).
        for rule in ["front-desk", "escalations-simulring", "pstn-line", "default"] {
            #expect(output.contains { $0.hasPrefix("    \(rule) ") }, "no decisions by \(rule)")
        }
        #expect(!text.contains("Still without an outcome"))
        // After the summary, the run is replayed through examples/rules-next.yaml (its default rejects what
        // the seed rules' default ignores), read back from the embedded notifications topic.
        #expect(text.contains("What-if: this run's notifications with examples/rules-next.yaml instead of \(Fixtures.seedRules)"))
        #expect(text.contains("  baseline  [default] ignore\n    candidate [default] reject (forbidden)"), "\(text)")
        #expect(!text.contains("What-if skipped"))
        try? FileManager.default.removeItem(at: folder)
        figures("dev command", ["test_seconds": elapsedSeconds(since: started)])
    }
}
