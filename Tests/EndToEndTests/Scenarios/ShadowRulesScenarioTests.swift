import AsyncHTTPClient
import CallModel
import Foundation
import Testing

extension EndToEndTests {
    /// Shadow rules across processes: workers act only on the live rules (both calls are rejected through
    /// Graph) while the shadow file's different decision for one of them is counted in `/metrics`.
    @Test("workers act on the live rules and count where the shadow rules disagree")
    func shadowRules() async throws {
        var options = PipelineStack.Options()
        options.rulesFile = Fixtures.rejectRules
        options.workerArguments = ["--shadow-rules-file", Fixtures.shadowRules]
        try await PipelineStack.with(options) { stack in
            let blocked = try await stack.simulator.offerCall(caller: .phone("+12065550100"))
            let other = try await stack.simulator.offerCall()
            #expect(blocked.acknowledged && other.acknowledged)

            let records = try await stack.outcomes.wait(timeout: .seconds(30)) { records in
                ((try? OutcomeLedger(records).events) ?? []).filter { $0.type == .rejected }.count == 2
            }
            let events = try OutcomeLedger(records).events
            // The live decision is what Graph got: both calls rejected, nothing ignored.
            #expect(events.filter { $0.type == .ignored }.isEmpty)
            let otherRejected = try #require(events.first { $0.type == .rejected && $0.outcome.callID == other.callId })
            #expect(otherRejected.outcome.rule?.name == "default")
            #expect(otherRejected.outcome.rejectReason == .busy)
            #expect(try await stack.simulator.requests(callID: other.callId).filter { $0.method == "POST" }.map(\.path)
                == ["/beta/communications/calls/\(other.callId)/reject"])

            // Each worker serves its own counts; the sums cover both calls, one disagreement.
            var evaluations = 0.0
            var disagreements = 0.0
            var shadowValid = 0.0
            for worker in stack.workers {
                let healthURL = try #require(worker.process.outputLines().first)
                let text = try await Self.metricsText(healthURL + "/metrics")
                evaluations += Self.sample(text, "switchboard_worker_shadow_evaluations_total")
                disagreements += Self.sample(
                    text, #"switchboard_worker_shadow_disagreements_total{live_rule="default",shadow_rule="default"}"#)
                shadowValid += Self.sample(text, "switchboard_worker_shadow_rules_valid")
                #expect(!text.contains(#"live_rule="blocked-callers""#), "the blocked caller's decisions agree")
            }
            #expect(evaluations == 2)
            #expect(disagreements == 1)
            #expect(shadowValid == Double(stack.workers.count))
        }
    }

    private static func metricsText(_ url: String) async throws -> String {
        let response = try await TestHTTP.client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 22))
    }

    /// The value of the sample line starting with `series` (0 when absent).
    private static func sample(_ text: String, _ series: String) -> Double {
        text.split(separator: "\n")
            .first { $0.hasPrefix(series + " ") }
            .flatMap { $0.split(separator: " ").last.flatMap { Double($0) } } ?? 0
    }
}
