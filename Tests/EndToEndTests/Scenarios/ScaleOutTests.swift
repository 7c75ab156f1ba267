import AsyncHTTPClient
import CallModel
import Foundation
import Testing

extension EndToEndTests {
    /// A third worker joins while calls arrive at 30/s: partitions move to it (its `/readyz` reports
    /// them), the others give theirs up after finishing or committing what they held, and no call
    /// is lost or decided twice.
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
                await joined.joined(worker)
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
            #expect(outcomes.allSatisfy { $0.type == .redirected }, "\(ledger.finalCounts)")

            var partitions: [String: Int] = [:]
            for worker in stack.workers {
                let healthURL = try #require(worker.process.outputLines().first)
                partitions[worker.name] = try await Self.assignedPartitions(healthURL)
            }
            let third = try #require(await joined.worker)
            #expect(partitions[third.name, default: 0] > 0, "partitions per worker: \(partitions)")
            #expect(partitions.values.reduce(0, +) == stack.options.partitions, "partitions per worker: \(partitions)")
            let stats = try await stack.simulator.stats()
            #expect(stats.lateArrivals == 0)
            #expect(stats.duplicateRedirects == 0)
            figures("scale out", [
                "calls": acknowledged.count,
                "partitions_per_worker": partitions.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ","),
                "republished_same_event": ledger.finalsByCall.values.filter { $0.count > 1 }.count,
                "test_seconds": elapsedSeconds(since: started),
            ])
        }
    }

    /// The partition count a worker's `/readyz` reports (`consuming 4 partitions`).
    static func assignedPartitions(_ healthURL: String) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: healthURL + "/readyz"), timeout: .seconds(5))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
        let words = body.split(whereSeparator: \.isWhitespace)
        guard let index = words.firstIndex(where: { $0.hasPrefix("partition") }), index > 0, let count = Int(words[index - 1]) else {
            throw HarnessError("\(healthURL)/readyz does not report partitions: \(body)")
        }
        return count
    }
}

/// The worker that joined mid-run.
private actor JoinProbe {
    var worker: PipelineStack.Worker?

    func joined(_ worker: PipelineStack.Worker) {
        self.worker = worker
    }
}
