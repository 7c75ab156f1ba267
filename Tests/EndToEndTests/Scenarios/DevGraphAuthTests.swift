import Foundation
import Testing

extension EndToEndTests {
    /// `switchboard dev --graph-auth certificate|workload-identity`: the workers get every token with
    /// that credential (the simulated Entra checks it and refuses none), and the examples are redirected.
    @Test("switchboard dev in certificate and workload-identity modes gets its tokens and redirects", arguments: [
        ("certificate", "by certificate"), ("workload-identity", "by federated"),
    ])
    func devGraphAuth(mode: String, tokensBy: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-dev-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dev = try ChildProcess.start(
            name: "dev-\(mode)",
            arguments: [
                "dev", "--graph-auth", mode, "--calls", "10", "--rate", "20", "--workers", "1",
                "--ingress-port", "0", "--ingress-health-port", "0", "--simulator-port", "0", "--worker-health-port", "0",
                "--rules-file", Fixtures.seedRules,
                "--topics-dir", root.appendingPathComponent("topics").path,
                "--log-file", folder.appendingPathComponent("dev.log").path,
            ],
            folder: folder)
        let finished = await Result(catching: {
            try await dev.waitForLine(timeout: .seconds(100), what: "Stopped.") { $0 == "Stopped." }
        })
        #expect(await Task { await dev.stop(gracePeriod: .seconds(20)) }.value)
        let output = dev.outputLines()
        guard case .success = finished else {
            Issue.record("switchboard dev --graph-auth \(mode) did not finish: \(finished)\n\(output.suffix(40).joined(separator: "\n"))")
            return
        }
        let text = output.joined(separator: "\n")
        #expect(text.contains("Graph auth       \(mode)"), "\(text)")
        #expect(output.contains { $0.contains("example 1:") && $0.contains("redirected by rule front-desk") }, "\(text)")
        let tokens = try #require(output.first { $0.contains("Graph tokens:") }, "\(text)")
        #expect(tokens.contains(tokensBy) && tokens.hasSuffix(", 0 refused"), "\(tokens)")
        #expect(!tokens.contains("by secret"))
        try? FileManager.default.removeItem(at: folder)
    }
}
