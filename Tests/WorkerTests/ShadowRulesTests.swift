import CallModel
import Foundation
import Kafka
import Logging
import Prometheus
import SeedExamples
import Synchronization
import Testing

@testable import Worker

/// Collects log messages in memory.
final class CollectedLogs: Sendable {
    let messages = Mutex<[(Logger.Message, Logger.Metadata)]>([])

    var logger: Logger {
        Logger(label: "shadow-test", factory: { _ in Handler(logs: self) })
    }

    private struct Handler: LogHandler {
        let logs: CollectedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            logs.messages.withLock { $0.append((event.message, event.metadata ?? [:])) }
        }
    }
}

@Suite("Shadow rules in the worker")
struct ShadowRulesTests {
    static let call = GraphCall(id: "call-1")

    static func rules(_ yaml: String) throws -> RoutingRules {
        try RoutingRules.load(yaml: yaml, apiVersion: .v1)
    }

    @Test("the same action under another rule name is no disagreement; another action is, labelled by rule")
    func disagreements() throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = WorkerMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let live = try Self.rules("rules:\n  - name: everyone\n    action: {reject: {reason: busy}}\n")
        let shadowText = LockedBox("rules:\n  - name: all-calls\n    action: {reject: {reason: busy}}\n")
        let shadow = ShadowRules(
            rules: { (try? Self.rules(shadowText.value)) ?? live }, metrics: metrics, now: { Date() })
        let liveDecision = live.decide(for: Self.call, at: Date())
        shadow.compare(Self.call, callID: "call-1", live: liveDecision, at: Date(), logger: Logger(label: "t"))
        var text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains("switchboard_worker_shadow_evaluations_total 1"))
        #expect(!text.contains("switchboard_worker_shadow_disagreements_total{"))

        shadowText.value = "default:\n  ignore: {}\n"
        let decided = shadow.compare(Self.call, callID: "call-2", live: liveDecision, at: Date(), logger: Logger(label: "t"))
        #expect(decided.rule == .default)
        text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains(#"switchboard_worker_shadow_disagreements_total{live_rule="everyone",shadow_rule="default"} 1"#))
        #expect(text.contains("switchboard_worker_shadow_evaluations_total 2"))
    }

    @Test("rule names beyond the label limit are counted as other")
    func boundedLabels() throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = WorkerMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let shadowRules = try Self.rules("default:\n  ignore: {}\n")
        let shadow = ShadowRules(rules: { shadowRules }, metrics: metrics, labelLimit: 2, now: { Date() })
        for index in 0..<5 {
            let live = RoutingDecision(rule: RuleReference(name: "rule-\(index)", index: index), action: .reject(.busy), explanation: "")
            shadow.compare(Self.call, callID: "c\(index)", live: live, at: Date(), logger: Logger(label: "t"))
        }
        let text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains(#"{live_rule="rule-0",shadow_rule="default"} 1"#))
        #expect(text.contains(#"{live_rule="rule-1",shadow_rule="default"} 1"#))
        #expect(text.contains(#"{live_rule="other",shadow_rule="default"} 3"#))
        #expect(!text.contains("rule-2"))
    }

    @Test("disagreements are logged at most once per interval, the next sample says how many were not logged")
    func rateLimitedSamples() throws {
        let metrics = WorkerMetrics(factory: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry()))
        let shadowRules = try Self.rules("default:\n  ignore: {}\n")
        let clock = LockedBox(Date(timeIntervalSince1970: 1_000))
        let shadow = ShadowRules(rules: { shadowRules }, metrics: metrics, sampleInterval: 10, now: { clock.value })
        let logs = CollectedLogs()
        let live = RoutingDecision(rule: .default, action: .reject(.busy), explanation: "")
        for _ in 0..<4 { shadow.compare(Self.call, callID: "c", live: live, at: Date(), logger: logs.logger) }
        clock.value = clock.value.addingTimeInterval(10)
        shadow.compare(Self.call, callID: "c", live: live, at: Date(), logger: logs.logger)
        let lines = logs.messages.withLock { $0 }
        #expect(lines.count == 2)
        #expect(lines.first?.1["rules.shadow_action"] == "ignore")
        #expect(lines.first?.1["rules.live_action"] == "reject (busy)")
        #expect(lines.last?.1["rules.disagreements_not_logged"] == "3")
    }

    @Test("the worker acts on the live decision and counts the shadow's different one")
    func actsOnLive() async throws {
        let scenario = try SeedScenario.all()[0]
        let live = try Self.rules("default:\n  reject: {reason: busy}\n")
        let shadowRules = try Self.rules("default:\n  ignore: {reason: candidate}\n")
        let harness = ProcessorHarness(rules: live, shadowRules: shadowRules)
        let record = NotificationRecords.record(
            NotificationRecords.incoming(scenario, callID: "call-9"), key: "call-9", offset: 1, receivedAt: harness.clock.now)
        #expect(await harness.process(record) == .finished)
        #expect(harness.redirector.received.map(\.action) == [.reject])
        #expect(harness.outcomes.map(\.type) == [.rejected])
        #expect(harness.metricsText().contains(#"switchboard_worker_shadow_disagreements_total{live_rule="default",shadow_rule="default"} 1"#))
    }

    @Test("a shadow file that turns invalid keeps the last good rules and is reported in its own metrics")
    func invalidShadowFileKept() async throws {
        try await RoutingRulesFileTests.withRulesFile(RoutingRulesFileTests.ignoreAll) { file in
            let registry = PrometheusCollectorRegistry()
            let rules = try RoutingRulesFile(
                path: file.path, apiVersion: .v1, pollInterval: .milliseconds(20), role: .shadow,
                metricsFactory: PrometheusMetricsFactory(registry: registry), logger: Logger(label: "test"))
            try RoutingRulesFileTests.invalid.write(to: file, atomically: true, encoding: .utf8)
            #expect(rules.reloadIfChanged() == .invalid)
            #expect(rules.current.rules.map(\.name) == ["quiet"])
            let text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
            #expect(text.contains("switchboard_worker_shadow_rules_valid 0"))
            #expect(text.contains(#"switchboard_worker_shadow_rules_reloads_total{result="invalid"} 1"#))
            #expect(!text.contains("switchboard_worker_rules_reloads_total"), "the live rules' metrics are not touched")
        }
    }
}
