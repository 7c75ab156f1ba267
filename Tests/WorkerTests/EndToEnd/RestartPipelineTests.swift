import CallModel
import Foundation
import GraphSimulator
import Kafka
import Logging
import Prometheus
import Testing

@testable import Worker

@Suite("Pipeline: restarts and rules reloads", .serialized)
struct RestartPipelineTests {
    @Test("a worker stopped mid-stream without committing is replaced: every call gets an outcome; a call decided before is not redirected again, one in flight at most once more")
    func restartMidStream() async throws {
        let rules = try NotificationRecords.seedRules()
        // Commits only at shutdown, so the crash loses every commit and the next worker re-reads everything.
        try await PipelineFixture.with(partitions: 2, configure: { $0.commitInterval = .seconds(600) }) { fixture in
            fixture.simulator.setLatency(.fixed(.milliseconds(50)))
            var calls: [String] = []
            let first = try fixture.makeWorker(rules: rules)
            let firstRun = Task { try await fixture.running(first) { try await Task.sleep(for: .seconds(600)) } }
            #expect(await fixture.waitUntilReady(first))
            for _ in 0..<30 { calls.append(try await fixture.offerAndProduce().callID) }
            _ = try await fixture.waitForOutcomes { $0.count >= 10 }
            first.crash()
            firstRun.cancel()
            _ = try? await firstRun.value
            let beforeRestart = try await fixture.outcomes()
            let finishedByFirst = Set(beforeRestart.filter { $0.type.isFinal }.map(\.outcome.callID))
            #expect(!finishedByFirst.isEmpty)

            for _ in 0..<10 { calls.append(try await fixture.offerAndProduce().callID) }
            let second = try fixture.makeWorker(rules: rules)
            try await fixture.running(second) {
                let outcomes = try await fixture.waitForOutcomes(timeout: .seconds(120)) { events in
                    Set(events.filter { $0.type.isFinal }.map(\.outcome.callID)).isSuperset(of: calls)
                }
                let final = Set(outcomes.filter { $0.type.isFinal }.map(\.outcome.callID))
                #expect(final.isSuperset(of: calls), "calls without an outcome: \(Set(calls).subtracting(final))")
                for callID in finishedByFirst {
                    #expect(fixture.redirectRequests(callID: callID).count == 1, "call \(callID) had an outcome before the restart")
                }
                // A call whose redirect was in flight when the first worker died has no outcome, so
                // the second worker redirects it again (at least once, never lost); nothing more.
                for callID in calls where !finishedByFirst.contains(callID) {
                    #expect(fixture.redirectRequests(callID: callID).count <= 2, "call \(callID) redirected more than twice")
                }
                let replayedOutcomes = outcomes.filter { finishedByFirst.contains($0.outcome.callID) }
                #expect(replayedOutcomes.count == finishedByFirst.count, "a replayed record publishes nothing again")
            }
        }
    }

    @Test("an invalid rules file replacing a valid one keeps the old rules in force")
    func invalidRulesReload() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("rules.yaml").path
        try """
        rules:
          - name: everyone-to-reception
            action:
              redirect:
                targets:
                  - phone: "+12345678901"
        """.write(toFile: path, atomically: true, encoding: .utf8)

        try await PipelineFixture.with { fixture in
            let registry = PrometheusCollectorRegistry()
            let rules = try RoutingRulesFile(
                path: path, apiVersion: .beta, pollInterval: .milliseconds(50),
                metricsFactory: PrometheusMetricsFactory(registry: registry), logger: fixture.logger)
            let live = try WorkerService(
                configuration: fixture.configuration,
                consumerConfiguration: KafkaConsumerConfiguration(
                    client: fixture.client, groupID: fixture.group, sessionTimeout: .seconds(6),
                    heartbeatInterval: .milliseconds(500)),
                producer: fixture.producer, graph: fixture.graph, rules: rules,
                metricsFactory: PrometheusMetricsFactory(registry: registry), logger: fixture.logger)
            let reloads = Task { try await rules.run() }
            defer { reloads.cancel() }
            try await fixture.running(live) {
                try "rules: [ {name: broken, action: {redirect: {targets: []}}} ]".write(
                    toFile: path, atomically: true, encoding: .utf8)
                #expect(await eventually(timeout: .seconds(60)) {
                    String(decoding: registry.emitToBuffer(), as: UTF8.self).contains("switchboard_worker_rules_valid 0")
                })
                // Real time here (the public initializer), so the call's window is the simulator's own:
                // `running` starts this once the worker consumes, so a slow group join cannot use up the window.
                let call = try await fixture.simulator.offerIncomingCall()
                try await fixture.produceNotification(call.notification, callID: call.callID, tenant: call.tenantID, receivedAt: Date())
                let outcomes = try await fixture.waitForOutcomes { !$0.isEmpty }
                #expect(outcomes.first?.type == .redirected)
                #expect(outcomes.first?.outcome.rule?.name == "everyone-to-reception")
                let body = try #require(fixture.redirectRequests(callID: call.callID).first?.body)
                #expect(body.contains("+12345678901"))
            }
        }
    }
}
