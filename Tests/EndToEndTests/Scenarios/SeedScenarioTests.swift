import CallModel
import Foundation
import Kafka
import SeedExamples
import Testing

extension EndToEndTests {
    /// Each example of Graph's `call: redirect` page, posted verbatim by the simulator with a signed
    /// token: the ingress stores it, a worker sends the page's exact redirect body, the outcome is
    /// `redirected`, and the simulator's `terminated` callback through the ingress ends it `completed`.
    ///
    /// One stack per example: examples 1 and 3 share a call id, and a call that has an outcome is
    /// (rightly) never redirected again.
    @Test("a seed example ends in the page's exact redirect body, redirected, then completed", arguments: [1, 2, 3])
    func seedExample(number: Int) async throws {
        let scenario = try #require(try SeedScenario.all().first { $0.number == number })
        let started = ContinuousClock.now
        try await PipelineStack.with { stack in
            let offer = try await stack.simulator.offer(.init(seedScenario: number, deliver: true))
            #expect(offer.delivery?.status == 202, "the ingress answered \(String(describing: offer.delivery))")

            let records = try await stack.outcomes.wait(timeout: .seconds(30)) { records in
                let events = (try? OutcomeLedger(records).events) ?? []
                return events.contains { $0.type == .redirected } && events.contains { $0.type == .completed }
            }
            let events = try OutcomeLedger(records).events.filter { $0.outcome.callID == offer.callId }
            let redirected = try #require(events.first { $0.type == .redirected }, "outcomes: \(events.map(\.type))")
            #expect(events.filter { $0.type.isFinal }.count == 1)
            #expect(redirected.id == IdempotencyKey.forCall(offer.callId))
            #expect(redirected.outcome.graphRequestID != nil)
            #expect(redirected.outcome.tenantID == offer.tenantId)
            let completed = try #require(events.first { $0.type == .completed })
            #expect(completed.outcome.resultInfo != nil)

            let redirects = try await stack.simulator.redirectRequests(callID: offer.callId)
            let request = try #require(redirects.first)
            #expect(redirects.count == 1)
            #expect(request.status == 202)
            #expect(request.path == "/beta/communications/calls/\(offer.callId)/redirect")
            #expect(request.header("client-request-id") != nil)
            let sent = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? NSDictionary
            let expected = try JSONSerialization.jsonObject(with: Data(scenario.redirectRequest)) as? NSDictionary
            #expect(sent == expected, "sent \(request.body)")

            // The stored notification is the page's body byte for byte, with the ingress's headers.
            let stored = try await stack.notifications.wait(timeout: .seconds(10)) { $0.count >= 2 }
            let incoming = try #require(stored.first { $0.value == scenario.incomingNotification })
            #expect(incoming.key.map { String(decoding: $0, as: UTF8.self) } == offer.callId)
            #expect(incoming.headerString(NotificationHeaders.tenant) == offer.tenantId)
            #expect(incoming.headerString(NotificationHeaders.receivedAt) != nil)
            #expect(incoming.headerString(NotificationHeaders.traceparent) != nil)
            try RecordSamples.save(notifications: stored, outcomes: records, deadLetters: [], name: "seed-\(number)")

            if number == 2 {
                try await checkOutcomesTail(stack, callID: offer.callId)
            }
            let stats = try await stack.simulator.stats()
            #expect(stats.lateArrivals == 0)
            #expect(stats.duplicateRedirects == 0)
            figures("seed example \(number)", [
                "receive_to_redirected_ms": redirected.outcome.timings.latencyMilliseconds ?? -1,
                "outcome_events": events.count,
            ])
        }
        figures("seed example \(number)", ["test_seconds": elapsedSeconds(since: started)])
    }

    /// `switchboard outcomes tail` prints the same events as structured-mode CloudEvents.
    private func checkOutcomesTail(_ stack: PipelineStack, callID: String) async throws {
        let tail = try ChildProcess.start(
            name: "outcomes-tail",
            arguments: [
                "outcomes", "tail", "--kafka-bootstrap-servers", stack.bootstrapServers, "--topic", stack.outcomesTopic,
                "--from-beginning", "--max-events", "3",
            ],
            folder: stack.folder)
        let waited = await Result(catching: {
            try await tail.waitForLine(timeout: .seconds(30), what: "three outcome events") { _ in tail.outputLines().count >= 3 }
        })
        _ = await Task { await tail.stop() }.value
        _ = try waited.get()
        let events = try tail.outputLines().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
        #expect(Set(events.compactMap { $0["type"] as? String })
            == ["com.switchboard.call.attempting", "com.switchboard.call.redirected", "com.switchboard.call.completed"])
        for event in events {
            #expect(event["specversion"] as? String == "1.0")
            #expect(event["subject"] as? String == callID)
            #expect(event["datacontenttype"] as? String == "application/json")
            #expect((event["data"] as? [String: Any])?["callId"] as? String == callID)
        }
    }
}
