import CallModel
import Foundation
import Testing

extension EndToEndTests {
    /// SIGTERM one of two workers while calls arrive at 30/s, no replacement (a scale-in): it drains its
    /// running calls, commits and leaves the group, and the other worker takes its partitions. No call is
    /// lost, decided twice or failed; none reaches Graph after its window. The leaver logs its hand-off
    /// time (stop signal → group left), printed as a figure.
    @Test("one of two workers stopped with SIGTERM and not replaced: it hands off, no call lost, failed or doubled")
    func scaleIn() async throws {
        let started = ContinuousClock.now
        var options = PipelineStack.Options()
        options.simulatorArguments = ["--latency", "lognormal:200ms:0.5"]
        try await PipelineStack.with(options) { stack in
            let leaver = try #require(stack.workers.last)
            let stopped = StopProbe()
            let offers = try await TestTraffic(simulator: stack.simulator).steady(rate: 30, for: .seconds(12)) {
                try await Task.sleep(for: .seconds(4))
                let stopSent = ContinuousClock.now
                let graceful = await leaver.process.stop(gracePeriod: .seconds(30))
                await stopped.record(graceful: graceful, seconds: elapsedSeconds(since: stopSent))
            }
            let acknowledged = offers.acknowledgedCallIDs
            #expect(acknowledged.count == offers.count, "ingress answers: \(offers.statusCounts)")
            #expect(await stopped.graceful, "the worker did not exit within the grace period after SIGTERM")

            let records = try await stack.outcomes.wait(timeout: .seconds(60)) { records in
                ((try? OutcomeLedger(records).missing(acknowledged).isEmpty) ?? false)
            }
            let ledger = try OutcomeLedger(records)
            #expect(ledger.missing(acknowledged).isEmpty, "calls without a decision: \(ledger.missing(acknowledged).prefix(10))")
            #expect(ledger.decidedTwice.isEmpty, "calls decided twice: \(ledger.decidedTwice.mapValues { $0.map(\.type) }.prefix(5))")
            let outcomes = ledger.finalsByCall.values.compactMap(\.first)
            #expect(
                outcomes.allSatisfy { [.redirected, .expired, .unconfirmed].contains($0.type) },
                "\(ledger.finalCounts)")
            let stats = try await stack.simulator.stats()
            #expect(stats.lateArrivals == 0)

            // The leaver's own account of its hand-off (JSON log lines on standard error).
            let log = leaver.process.stderrTail(lines: 400)
            let handOff = Self.number(after: "worker.hand_off_seconds", in: log)
            let drain = Self.number(after: "worker.drain_seconds", in: log)
            #expect(handOff != nil, "the leaver logged no hand-off: \(leaver.process.stderrTail(lines: 10))")
            let latencies = outcomes.compactMap(\.outcome.timings.latencyMilliseconds).sorted()
            figures("scale in", [
                "calls": acknowledged.count,
                "redirected": ledger.finalCounts[.redirected, default: 0],
                "expired": ledger.finalCounts[.expired, default: 0],
                "unconfirmed": ledger.finalCounts[.unconfirmed, default: 0],
                "hand_off_s": handOff ?? -1,
                "drain_s": drain ?? -1,
                "sigterm_to_exit_s": await stopped.seconds,
                "p99_receive_to_outcome_ms": latencies.isEmpty ? -1 : latencies[latencies.count * 99 / 100],
                "max_receive_to_outcome_ms": latencies.last ?? -1,
                "test_seconds": elapsedSeconds(since: started),
            ])
        }
    }

    /// The number logged after `key` (`"key":"1.234"` in a JSON line, or `key=1.234` in text).
    static func number(after key: String, in log: String) -> Double? {
        guard let range = log.range(of: key) else { return nil }
        let rest = log[range.upperBound...].drop { !$0.isNumber }
        return Double(rest.prefix { $0.isNumber || $0 == "." })
    }
}

/// How the stop of the leaving worker went.
actor StopProbe {
    var graceful = false
    var seconds = -1.0

    func record(graceful: Bool, seconds: Double) {
        self.graceful = graceful
        self.seconds = seconds
    }
}
