import CallModel
import Foundation
import GraphSimulator
import Testing

extension EndToEndTests {
    /// Graph throttles 30% of redirects (429, `Retry-After: 1`) and is unavailable for 10% (503): the
    /// workers retry within each call's window, honouring `Retry-After`, and calls are redirected
    /// before their window closes. A call can only fail when all 10 attempts the Graph client allows
    /// drew a fault (0.4¹⁰ ≈ 0.01% of calls); then it ends `failed` with Graph's last answer.
    @Test("Graph throttling and 503s: calls still redirected within their windows, Retry-After honoured")
    func graphTrouble() async throws {
        let started = ContinuousClock.now
        var options = PipelineStack.Options()
        options.simulatorArguments = ["--faults", "429=0.3,503=0.1,retry-after=1", "--latency", "50ms"]
        try await PipelineStack.with(options) { stack in
            let offers = try await TestTraffic(simulator: stack.simulator).steady(rate: 20, for: .seconds(5))
            let acknowledged = offers.acknowledgedCallIDs
            #expect(acknowledged.count == offers.count, "ingress answers: \(offers.statusCounts)")
            let records = try await stack.outcomes.wait(timeout: .seconds(40)) { records in
                ((try? OutcomeLedger(records).missing(acknowledged).isEmpty) ?? false)
            }
            let ledger = try OutcomeLedger(records)
            #expect(ledger.missing(acknowledged).isEmpty)
            #expect(ledger.decidedTwice.isEmpty)
            let outcomes = ledger.finalsByCall.values.compactMap(\.first)
            for outcome in outcomes where outcome.type != .redirected {
                #expect(outcome.type == .failed, "\(outcome.outcome.callID): \(outcome.type) \(outcome.outcome.reason ?? "")")
                #expect(outcome.outcome.attempts == 10)
                #expect([429, 503].contains(outcome.outcome.graph?.status ?? 0))
            }

            let requests = try await stack.simulator.redirectRequests()
            let byCall = Dictionary(grouping: requests, by: { $0.callID ?? "" })
            var retried = 0
            var shortestWaitAfterFault = Double.infinity
            for (callID, attempts) in byCall where acknowledged.contains(callID) {
                let ordered = attempts.sorted { $0.sequence < $1.sequence }
                if ordered.count > 1 { retried += 1 }
                for (previous, next) in zip(ordered, ordered.dropFirst()) where [429, 503].contains(previous.status ?? 0) {
                    shortestWaitAfterFault = min(shortestWaitAfterFault, next.receivedAt - previous.receivedAt)
                }
                // No wall-clock bound on when Graph accepted: the simulator accepts a redirect only for
                // a call still within its window, so a 202 already says it was in time.
                #expect(ordered.contains { $0.status == 202 } || ledger.finalsByCall[callID]?.first?.type != .redirected)
            }
            // Retry-After: 1 is honoured: no retry after a fault comes sooner than a second (less clock granularity).
            #expect(shortestWaitAfterFault >= 0.95)
            #expect(retried > 0)
            let stats = try await stack.simulator.stats()
            #expect(stats.lateArrivals == 0)
            #expect(stats.faultsInjected > 0)
            let latencies = outcomes.filter { $0.type == .redirected }.compactMap(\.outcome.timings.latencyMilliseconds).sorted()
            figures("graph trouble", [
                "calls": acknowledged.count,
                "redirected": ledger.finalCounts[.redirected, default: 0],
                "failed_after_10_faults": ledger.finalCounts[.failed, default: 0],
                "calls_retried": retried,
                "faults_injected": stats.faultsInjected,
                "shortest_wait_after_fault_s": shortestWaitAfterFault,
                "p50_receive_to_redirected_ms": latencies.isEmpty ? -1 : latencies[latencies.count / 2],
                "max_receive_to_redirected_ms": latencies.last ?? -1,
                "test_seconds": elapsedSeconds(since: started),
            ])
        }
    }

    /// Graph answers every redirect 503 with `Retry-After: 4` for longer than a call's window: each
    /// call ends `failed` or `expired`, no redirect reaches Graph after the call's window closed,
    /// and once Graph is back new calls are redirected again.
    @Test("a Graph outage longer than the window: expired or failed, never a redirect after the deadline")
    func graphOutage() async throws {
        let started = ContinuousClock.now
        var options = PipelineStack.Options()
        options.simulatorArguments = ["--faults", "503=1,retry-after=4"]
        try await PipelineStack.with(options) { stack in
            let offers = try await TestTraffic(simulator: stack.simulator).burst(20, concurrency: 10)
            let during = offers.acknowledgedCallIDs
            #expect(during.count == 20)
            let records = try await stack.outcomes.wait(timeout: .seconds(30)) { records in
                ((try? OutcomeLedger(records).missing(during).isEmpty) ?? false)
            }
            let ledger = try OutcomeLedger(records)
            #expect(ledger.missing(during).isEmpty)
            let outcomes = ledger.finalsByCall.values.compactMap(\.first)
            #expect(outcomes.allSatisfy { $0.type == .expired || $0.type == .failed }, "\(outcomes.map(\.type))")
            let duringOutage = try await stack.simulator.stats()
            #expect(duringOutage.redirectsAccepted == 0)
            #expect(duringOutage.lateArrivals == 0)

            // Graph recovers: new calls are redirected, and still no late redirect for the old ones.
            try await stack.simulator.setFaults("503=0")
            let after = try await TestTraffic(simulator: stack.simulator).burst(5).acknowledgedCallIDs
            let recovered = try await stack.outcomes.wait(timeout: .seconds(20)) { records in
                ((try? OutcomeLedger(records).missing(after).isEmpty) ?? false)
            }
            let afterLedger = try OutcomeLedger(recovered)
            #expect(after.allSatisfy { afterLedger.finalsByCall[$0]?.first?.type == .redirected })
            let stats = try await stack.simulator.stats()
            #expect(stats.lateArrivals == 0)
            try RecordSamples.save(notifications: [], outcomes: recovered, deadLetters: [], name: "graph-outage")
            let slack = outcomes.compactMap(\.outcome.timings.deadlineSlackMilliseconds)
            figures("graph outage", [
                "calls_during_outage": during.count,
                "expired": ledger.finalCounts[.expired, default: 0],
                "failed": ledger.finalCounts[.failed, default: 0],
                "attempts_per_call": Set(outcomes.map(\.outcome.attempts)).sorted(),
                "min_deadline_slack_ms": slack.min() ?? -1,
                "late_arrivals": stats.lateArrivals,
                "redirected_after_recovery": after.count,
                "test_seconds": elapsedSeconds(since: started),
            ])
        }
    }
}
