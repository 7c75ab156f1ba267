import AsyncHTTPClient
import CallModel
import Foundation
import Testing

extension EndToEndTests {
    /// A third worker joins while calls arrive at 30/s: partitions move to it (its `/readyz` reports
    /// them), and no call is lost or decided twice. Calls of partitions in motion wait for the
    /// rebalance (librdkafka 2.0.2's mock takes rounds of `session.timeout.ms` − 1 s), so a call may
    /// expire, but none fails and none reaches Graph after its window.
    @Test("a third worker joins mid-run: partitions move, no call lost or doubled")
    func scaleOut() async throws {
        let started = ContinuousClock.now
        var options = PipelineStack.Options()
        options.simulatorArguments = ["--latency", "lognormal:200ms:0.5"]
        try await PipelineStack.with(options) { stack in
            let joined = JoinProbe()
            let offers = try await TestTraffic(simulator: stack.simulator).steady(rate: 30, for: .seconds(15)) {
                try await Task.sleep(for: .seconds(3))
                let worker = try await stack.addWorker()
                let healthURL = try #require(worker.process.outputLines().first)
                // Partitions reach the new worker after one or two rebalance rounds.
                let deadline = ContinuousClock.now + .seconds(25)
                var most = 0
                while most == 0, ContinuousClock.now < deadline {
                    most = max(most, (try? await Self.assignedPartitions(healthURL)) ?? 0)
                    try await Task.sleep(for: .milliseconds(250))
                }
                await joined.joined(worker, partitions: most, after: elapsedSeconds(since: started))
            }
            let acknowledged = offers.acknowledgedCallIDs
            #expect(acknowledged.count == offers.count, "ingress answers: \(offers.statusCounts)")
            let records = try await stack.outcomes.wait(timeout: .seconds(45)) { records in
                ((try? OutcomeLedger(records).missing(acknowledged).isEmpty) ?? false)
            }
            let ledger = try OutcomeLedger(records)
            #expect(ledger.missing(acknowledged).isEmpty, "calls without a decision: \(ledger.missing(acknowledged).prefix(10))")
            #expect(ledger.decidedTwice.isEmpty)
            let outcomes = ledger.finalsByCall.values.compactMap(\.first)
            // A call in flight on a partition that moved is finished by its new owner: `unconfirmed` when the
            // old owner's attempt may have reached Graph (librdkafka 2.0.2 loses whole assignments here).
            #expect(outcomes.allSatisfy { [.redirected, .expired, .unconfirmed].contains($0.type) }, "\(ledger.finalCounts)")
            let acceptedByGraph = Set(try await stack.simulator.redirectRequests().filter { $0.status == 202 }.compactMap(\.callID))
            let misreported = outcomes.filter { acceptedByGraph.contains($0.outcome.callID) && $0.type == .expired }
            #expect(misreported.isEmpty, "calls Graph accepted reported expired: \(misreported.prefix(5).map(\.outcome.callID))")
            #expect(await joined.partitions > 0, "the third worker never got a partition")
            let stats = try await stack.simulator.stats()
            #expect(stats.lateArrivals == 0)
            #expect(stats.duplicateRedirects == 0)
            let latencies = outcomes.compactMap(\.outcome.timings.latencyMilliseconds).sorted()
            figures("scale out", [
                "calls": acknowledged.count,
                "redirected": ledger.finalCounts[.redirected, default: 0],
                "expired": ledger.finalCounts[.expired, default: 0],
                "unconfirmed": ledger.finalCounts[.unconfirmed, default: 0],
                "third_worker_partitions": await joined.partitions,
                "third_worker_had_partitions_at_s": await joined.seconds,
                "max_receive_to_outcome_ms": latencies.last ?? -1,
                "republished_same_event": ledger.finalsByCall.values.filter { $0.count > 1 }.count,
                "test_seconds": elapsedSeconds(since: started),
            ])
        }
    }

    /// The partition count a worker's `/readyz` reports (`consuming 4 partitions`).
    static func assignedPartitions(_ healthURL: String) async throws -> Int {
        let response = try await TestHTTP.client.execute(HTTPClientRequest(url: healthURL + "/readyz"), timeout: .seconds(5))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
        let words = body.split(whereSeparator: \.isWhitespace)
        guard let index = words.firstIndex(where: { $0.hasPrefix("partition") }), index > 0, let count = Int(words[index - 1]) else {
            throw HarnessError("\(healthURL)/readyz does not report partitions: \(body)")
        }
        return count
    }
}

/// The worker that joined mid-run, and the partitions it reported.
private actor JoinProbe {
    var worker: PipelineStack.Worker?
    var partitions = 0
    var seconds = 0.0

    func joined(_ worker: PipelineStack.Worker, partitions: Int, after seconds: Double) {
        self.worker = worker
        self.partitions = partitions
        self.seconds = seconds
    }
}
