import CallModel
import Foundation
import Testing

extension EndToEndTests {
    /// All three brokers go down for 5 s while calls arrive at 30/s: the ingress answers 503 with
    /// `Retry-After` for what it cannot store (Graph then keeps and retries the notification), never
    /// a 202 it cannot keep; after the brokers are back, every acknowledged notification gets its outcome.
    @Test("brokers down for 5 s: 503 for what cannot be stored, an outcome for everything acknowledged")
    func brokerOutage() async throws {
        let started = ContinuousClock.now
        try await PipelineStack.with { stack in
            let ingress = IngressClient(baseURL: stack.ingressURL)
            let duringOutage = OutageProbe()
            let offers = try await TestTraffic(simulator: stack.simulator).steady(rate: 30, for: .seconds(12)) {
                try await Task.sleep(for: .seconds(3))
                try await stack.brokers("broker-down all")
                let downAt = ContinuousClock.now
                // One notification posted by the test itself while the brokers are down, to see the whole answer.
                try await Task.sleep(for: .seconds(1))
                let notification = try await stack.simulator.offerNotification()
                let answer = try await ingress.post(notification.body, headers: notification.headers)
                await duringOutage.record(answer, callID: notification.callID)
                try await Task.sleep(until: downAt + .seconds(5), clock: .continuous)
                try await stack.brokers("broker-up all")
            }
            let statuses = offers.statusCounts
            let acknowledged = offers.acknowledgedCallIDs + (await duringOutage.acknowledgedCallID.map { [$0] } ?? [])
            #expect(Set(statuses.keys).isSubset(of: [202, 503]), "ingress answers: \(statuses)")
            #expect(statuses[503, default: 0] > 0, "no notification was refused during the outage: \(statuses)")
            let answer = try #require(await duringOutage.answer)
            #expect(answer.status == 503 || answer.status == 202)
            if answer.status == 503 {
                #expect(answer.header("Retry-After") != nil)
                #expect(answer.header("Content-Type")?.hasPrefix("application/problem+json") == true)
            }

            let records = try await stack.outcomes.wait(timeout: .seconds(60)) { records in
                ((try? OutcomeLedger(records).missing(acknowledged).isEmpty) ?? false)
            }
            let ledger = try OutcomeLedger(records)
            #expect(ledger.missing(acknowledged).isEmpty, "acknowledged calls without an outcome: \(ledger.missing(acknowledged).prefix(10))")
            #expect(ledger.decidedTwice.isEmpty)
            let stats = try await stack.simulator.stats()
            #expect(stats.lateArrivals == 0)
            figures("broker outage", [
                "offered": offers.count,
                "acknowledged_202": statuses[202, default: 0],
                "refused_503": statuses[503, default: 0],
                "direct_post_during_outage": answer.status,
                "outcomes": ledger.finalCounts.map { "\($0.key.rawValue):\($0.value)" }.sorted().joined(separator: ","),
                "test_seconds": elapsedSeconds(since: started),
            ])
        }
    }
}

/// The answer to the notification the test posted itself during the outage.
private actor OutageProbe {
    var answer: IngressClient.Answer?
    var acknowledgedCallID: String?

    func record(_ answer: IngressClient.Answer, callID: String) {
        self.answer = answer
        if answer.status == 202 { acknowledgedCallID = callID }
    }
}
