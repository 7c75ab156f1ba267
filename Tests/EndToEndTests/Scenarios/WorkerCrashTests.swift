import CallModel
import Foundation
import Testing

extension EndToEndTests {
    /// SIGKILL one of two workers while 500 calls wait on Graph (3 s per redirect): the other worker
    /// takes its partitions over after the session timeout, rebuilds which calls already have an
    /// outcome from the outcomes topic, and finishes the rest. Every acknowledged call ends with
    /// exactly one decision outcome (a re-published one is the same event); none is lost; every call Graph
    /// accepted ends `redirected` or `unconfirmed`, never `expired` or `failed`.
    @Test("a worker killed with 500 calls in flight: every call exactly one decision, none lost, none Graph accepted reported otherwise")
    func workerCrash() async throws {
        let started = ContinuousClock.now
        var options = PipelineStack.Options()
        options.simulatorArguments = ["--latency", "3s"]
        try await PipelineStack.with(options) { stack in
            let offers = try await TestTraffic(simulator: stack.simulator).burst(500, concurrency: 64)
            let acknowledged = offers.acknowledgedCallIDs
            #expect(acknowledged.count == 500, "ingress answers: \(offers.statusCounts)")

            let before = try await stack.simulator.stats()
            let victim = try #require(stack.workers.first)
            await victim.process.crash()
            let killedAt = ContinuousClock.now
            let decidedBeforeKill = try OutcomeLedger(try await stack.outcomes.refresh()).finalsByCall.count

            let records = try await stack.outcomes.wait(timeout: .seconds(60)) { records in
                ((try? OutcomeLedger(records).missing(acknowledged).isEmpty) ?? false)
            }
            let ledger = try OutcomeLedger(records)
            #expect(ledger.missing(acknowledged).isEmpty, "calls without a decision: \(ledger.missing(acknowledged).prefix(10))")
            #expect(ledger.decidedTwice.isEmpty, "calls decided twice: \(ledger.decidedTwice.mapValues { $0.map(\.type) }.prefix(5))")
            try RecordSamples.save(notifications: [], outcomes: records, deadLetters: [], name: "worker-crash")
            let finals = ledger.finalsByCall
            let republished = finals.values.filter { $0.count > 1 }.count

            // A call Graph accepted whose outcome the killed worker never published has an `attempting`
            // marker: its new owner redirects it again and reports Graph's refusal (the call is no longer
            // incoming) as `unconfirmed`, never `failed` or `expired`. A call Graph never accepted is
            // redirected, or expired when its window closed during the takeover.
            let stats = try await stack.simulator.stats()
            let acceptedByGraph = Set(try await stack.simulator.redirectRequests().filter { $0.status == 202 }.compactMap(\.callID))
            let outcomes = finals.values.compactMap(\.first)
            let misreported = outcomes.filter { event in
                acceptedByGraph.contains(event.outcome.callID) && event.type != .redirected && event.type != .unconfirmed
            }
            #expect(misreported.isEmpty, "calls Graph accepted reported otherwise: \(misreported.prefix(5).map { ($0.type, $0.outcome.reason ?? "") })")
            let unexpected = outcomes.filter { event in
                switch event.type {
                case .redirected, .unconfirmed: false
                case .expired: acceptedByGraph.contains(event.outcome.callID)
                default: true
                }
            }
            #expect(unexpected.isEmpty, "unexpected outcomes: \(unexpected.prefix(5).map { ($0.type, $0.outcome.reason ?? "") })")
            #expect(stats.lateArrivals == 0)
            let unconfirmed = outcomes.filter { $0.type == .unconfirmed }.count
            figures("worker crash", [
                "calls": 500,
                "in_flight_at_graph_when_killed": before.redirectsReceived - before.redirectsAccepted - before.redirectsRejected,
                "decided_before_kill": decidedBeforeKill,
                "seconds_kill_to_all_decided": elapsedSeconds(since: killedAt),
                "redirected": ledger.finalCounts[.redirected, default: 0],
                "expired": ledger.finalCounts[.expired, default: 0],
                "unconfirmed": unconfirmed,
                "accepted_by_graph": acceptedByGraph.count,
                "republished_same_event": republished,
                "simulator_second_redirects": stats.duplicateRedirects,
                "test_seconds": elapsedSeconds(since: started),
            ])
        }
    }
}
