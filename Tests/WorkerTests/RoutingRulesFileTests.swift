import CallModel
import Foundation
import Logging
import Prometheus
import Testing

@testable import Worker

@Suite("Routing rules file")
struct RoutingRulesFileTests {
    static let ignoreAll = """
        rules:
          - name: quiet
            action:
              ignore: {reason: maintenance}
        """
    static let redirectAll = """
        rules:
          - name: forward
            action:
              redirect:
                targets:
                  - phone: "+12345678901"
        """
    static let invalid = """
        rules:
          - name: broken
            action:
              redirect:
                targets:
                  - phone: "12345"
                timeout: 5
        """

    /// A temporary directory with `rules.yaml`, removed afterwards.
    static func withRulesFile<T>(_ text: String, _ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("rules.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try await body(file)
    }

    static func load(_ path: String, registry: PrometheusCollectorRegistry) throws -> RoutingRulesFile {
        try RoutingRulesFile(
            path: path, apiVersion: .v1, pollInterval: .milliseconds(20),
            metricsFactory: PrometheusMetricsFactory(registry: registry), logger: Logger(label: "test"))
    }

    @Test("a changed valid file replaces the rules")
    func reload() async throws {
        try await Self.withRulesFile(Self.ignoreAll) { file in
            let rules = try Self.load(file.path, registry: PrometheusCollectorRegistry())
            #expect(rules.current.rules.map(\.name) == ["quiet"])
            #expect(rules.reloadIfChanged() == .unchanged)

            try Self.redirectAll.write(to: file, atomically: true, encoding: .utf8)
            #expect(rules.reloadIfChanged() == .reloaded)
            #expect(rules.current.rules.map(\.name) == ["forward"])
        }
    }

    @Test("an invalid new file keeps the old rules, says why, and sets the metric")
    func invalidReloadKeepsOldRules() async throws {
        try await Self.withRulesFile(Self.ignoreAll) { file in
            let registry = PrometheusCollectorRegistry()
            let rules = try Self.load(file.path, registry: registry)
            try Self.invalid.write(to: file, atomically: true, encoding: .utf8)

            #expect(rules.reloadIfChanged() == .invalid)
            #expect(rules.current.rules.map(\.name) == ["quiet"], "the old rules stay in force")
            let metrics = String(decoding: registry.emitToBuffer(), as: UTF8.self)
            #expect(metrics.contains("switchboard_worker_rules_valid 0"))
            #expect(metrics.contains(#"switchboard_worker_rules_reloads_total{result="invalid"} 1"#))
            #expect(rules.reloadIfChanged() == .unchanged, "the same bad file is reported once")

            try Self.redirectAll.write(to: file, atomically: true, encoding: .utf8)
            #expect(rules.reloadIfChanged() == .reloaded)
            #expect(String(decoding: registry.emitToBuffer(), as: UTF8.self).contains("switchboard_worker_rules_valid 1"))
        }
    }

    @Test("a ConfigMap-style symlink swap is picked up by the running service")
    func symlinkSwap() async throws {
        try await Self.withRulesFile(Self.ignoreAll) { file in
            let directory = file.deletingLastPathComponent()
            let first = directory.appendingPathComponent("..2025_01"), second = directory.appendingPathComponent("..2025_02")
            try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
            try Self.ignoreAll.write(to: first.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
            try Self.redirectAll.write(to: second.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
            let data = directory.appendingPathComponent("..data")
            try FileManager.default.createSymbolicLink(atPath: data.path, withDestinationPath: first.lastPathComponent)
            let mounted = directory.appendingPathComponent("mounted.yaml")
            try FileManager.default.createSymbolicLink(atPath: mounted.path, withDestinationPath: "..data/rules.yaml")

            let rules = try Self.load(mounted.path, registry: PrometheusCollectorRegistry())
            let service = Task { try await rules.run() }
            defer { service.cancel() }
            #expect(rules.current.rules.map(\.name) == ["quiet"])

            // Kubernetes swaps `..data` to the new directory in one rename.
            let swap = directory.appendingPathComponent("..data_tmp")
            try FileManager.default.createSymbolicLink(atPath: swap.path, withDestinationPath: second.lastPathComponent)
            #expect(rename(swap.path, data.path) == 0)

            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(20)
            while rules.current.rules.map(\.name) != ["forward"], clock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(rules.current.rules.map(\.name) == ["forward"])
        }
    }

    @Test("an invalid file at start is refused with every issue")
    func invalidAtStart() async throws {
        try await Self.withRulesFile(Self.invalid) { file in
            let error = #expect(throws: WorkerError.self) { try Self.load(file.path, registry: PrometheusCollectorRegistry()) }
            #expect(error?.code == .rulesFileInvalid)
            #expect((error?.issues.count ?? 0) >= 2, "the phone number and the timeout are both wrong")
        }
    }
}
