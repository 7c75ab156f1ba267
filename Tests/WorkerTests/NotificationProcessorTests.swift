import CallModel
import Foundation
import Graph
import Kafka
import SeedExamples
import Testing

@testable import Worker

@Suite("Notification processor")
struct NotificationProcessorTests {
    let scenarios: [SeedScenario]
    let rules: RoutingRules

    init() throws {
        scenarios = try SeedScenario.all()
        rules = try NotificationRecords.seedRules()
    }

    @Test("each seed scenario is redirected with exactly the page's request body", arguments: [0, 1, 2])
    func seedScenario(index: Int) async throws {
        let scenario = scenarios[index]
        let harness = ProcessorHarness(rules: rules)
        let callID = try NotificationRecords.callID(of: scenario)
        let before = ContinuousClock.now
        let record = NotificationRecords.record(
            scenario.incomingNotification, key: callID, offset: 7, receivedAt: harness.clock.now)

        #expect(await harness.process(record) == .finished)
        let after = ContinuousClock.now

        let call = try #require(harness.redirector.received.first)
        #expect(harness.redirector.received.count == 1)
        #expect(call.callID == callID)
        #expect(call.tenantID == NotificationRecords.tenant)
        #expect(call.idempotencyKey == IdempotencyKey.forCall(callID))
        #expect(try JSONSerialization.jsonObject(with: Data(call.body)) as? NSDictionary
            == JSONSerialization.jsonObject(with: Data(scenario.redirectRequest)) as? NSDictionary)
        // 15 s window less the 1 s margin, from when the record was made; bounded by instants taken
        // around it, so the check holds however slowly the machine ran.
        #expect(call.deadline >= before + .seconds(14) - .milliseconds(5), "15 s window less the 1 s margin")
        #expect(call.deadline <= after + .seconds(14) + (after - before), "15 s window less the 1 s margin")

        let outcome = try #require(harness.outcomes.first)
        #expect(harness.outcomes.count == 1)
        #expect(outcome.type == .redirected)
        #expect(outcome.id == IdempotencyKey.forCall(callID))
        #expect(outcome.outcome.graphRequestID == "request-1")
        #expect(outcome.outcome.source == OutcomeSource(topic: NotificationRecords.topic, partition: 0, offset: 7))
        #expect(outcome.outcome.scenarioID == "scenario-7")
        let sent = try #require(harness.publisher.sent(to: harness.configuration.outcomesTopic).first)
        #expect(sent.key == Array(callID.utf8))
    }

    @Test("a notification past its window becomes expired without calling Graph")
    func expired() async throws {
        let harness = ProcessorHarness(rules: rules)
        let record = NotificationRecords.record(
            scenarios[0].incomingNotification, key: "c", offset: 1, receivedAt: harness.clock.now.addingTimeInterval(-14.5))

        #expect(await harness.process(record) == .finished)

        #expect(harness.redirector.received.isEmpty)
        #expect(harness.outcomes.map(\.type) == [.expired])
        #expect(harness.outcomes.first?.outcome.reason?.contains("Graph was not called") == true)
    }

    @Test("a second notification of a call with an outcome is a duplicate, not a second redirect")
    func duplicate() async throws {
        let harness = ProcessorHarness(rules: rules)
        let body = NotificationRecords.incoming(scenarios[0], callID: "call-dup")
        _ = await harness.process(NotificationRecords.record(body, key: "call-dup", offset: 1, receivedAt: harness.clock.now))
        _ = await harness.process(NotificationRecords.record(body, key: "call-dup", offset: 2, receivedAt: harness.clock.now))

        #expect(harness.redirector.received.count == 1)
        #expect(harness.outcomes.map(\.type) == [.redirected, .duplicate])
        let duplicate = try #require(harness.outcomes.last)
        #expect(duplicate.id == IdempotencyKey.duplicateEventID(callID: "call-dup", partition: 0, offset: 2))
        #expect(duplicate.outcome.reason?.contains("redirected") == true)
    }

    @Test("a replay of a record whose outcome is stored publishes nothing again")
    func replay() async throws {
        let harness = ProcessorHarness(rules: rules)
        let record = NotificationRecords.record(
            NotificationRecords.incoming(scenarios[0], callID: "call-replay"), key: "call-replay", offset: 3,
            receivedAt: harness.clock.now)
        _ = await harness.process(record)
        #expect(await harness.process(record) == .finished)

        #expect(harness.redirector.received.count == 1)
        #expect(harness.outcomes.count == 1)
        #expect(harness.metricsText().contains(#"switchboard_worker_notifications_skipped_total{reason="replay"} 1"#))
    }

    @Test("a malformed record goes to the dead-letter topic unchanged, with the error and its origin")
    func malformed() async throws {
        let harness = ProcessorHarness(rules: rules)
        let body = Array(#"{"value": [ {"changeType": "created", }"#.utf8)
        let record = NotificationRecords.record(body, key: "k", offset: 42, receivedAt: harness.clock.now)

        #expect(await harness.process(record) == .finished)

        let dead = try #require(harness.deadLetters.first)
        #expect(dead.value == body)
        #expect(dead.key == Array("k".utf8))
        #expect(dead.header(DeadLetterHeaders.errorCode) == "invalidJSON")
        #expect(dead.header(DeadLetterHeaders.error)?.isEmpty == false)
        #expect(dead.header(DeadLetterHeaders.sourceTopic) == NotificationRecords.topic)
        #expect(dead.header(DeadLetterHeaders.sourcePartition) == "0")
        #expect(dead.header(DeadLetterHeaders.sourceOffset) == "42")
        #expect(dead.header(DeadLetterHeaders.failedAt) != nil)
        #expect(dead.header(NotificationHeaders.tenant) == NotificationRecords.tenant, "original headers are kept")
        #expect(harness.outcomes.isEmpty)
    }

    @Test("a body naming another tenant than the ingress verified is dead-lettered, not redirected")
    func tenantMismatch() async throws {
        let harness = ProcessorHarness(rules: rules)
        let record = NotificationRecords.record(
            scenarios[0].incomingNotification, key: "c", offset: 5, receivedAt: harness.clock.now,
            tenant: "00000000-0000-0000-0000-000000000bad")

        #expect(await harness.process(record) == .finished)

        #expect(harness.redirector.received.isEmpty)
        #expect(harness.deadLetters.first?.header(DeadLetterHeaders.errorCode) == "tenantMismatch")
    }

    @Test("a record without the ingress's tenant header is dead-lettered")
    func unverifiedTenant() async throws {
        let harness = ProcessorHarness(rules: rules)
        let record = NotificationRecords.record(
            scenarios[0].incomingNotification, key: "c", offset: 5, receivedAt: harness.clock.now, tenant: nil)
        _ = await harness.process(record)
        #expect(harness.redirector.received.isEmpty)
        #expect(harness.deadLetters.first?.header(DeadLetterHeaders.errorCode) == "unverifiedTenant")
    }

    @Test("a terminated notification becomes completed with Graph's resultInfo")
    func terminated() async throws {
        let harness = ProcessorHarness(rules: rules)
        // The seed's terminated notifications carry no resultInfo; Graph sends one when a call ends.
        let body = String(decoding: scenarios[0].terminatedNotification, as: UTF8.self).replacingOccurrences(
            of: #""state": "terminated","#,
            with: #""state": "terminated", "resultInfo": {"code": 200, "subcode": 5001, "message": "Call ended by the callee"},"#
        )
        let record = NotificationRecords.record(Array(body.utf8), key: "c", offset: 9, receivedAt: harness.clock.now)

        #expect(await harness.process(record) == .finished)

        let outcome = try #require(harness.outcomes.first)
        #expect(outcome.type == .completed)
        #expect(outcome.outcome.resultInfo == ResultInfo(code: 200, subcode: 5001, message: "Call ended by the callee"))
        #expect(outcome.outcome.disposition == .answered)
        #expect(outcome.outcome.redirectToEndMilliseconds == nil, "no redirect of this call is known")
        #expect(harness.redirector.received.isEmpty)
    }

    @Test("a terminated call that was redirected says how it ended and how long after the redirect")
    func terminatedAfterRedirect() async throws {
        let harness = ProcessorHarness(rules: rules)
        let callID = try NotificationRecords.callID(of: scenarios[0])
        #expect(await harness.process(
            NotificationRecords.record(scenarios[0].incomingNotification, key: callID, offset: 1, receivedAt: harness.clock.now))
            == .finished)
        try await Task.sleep(for: .milliseconds(50))
        let body = String(decoding: scenarios[0].terminatedNotification, as: UTF8.self).replacingOccurrences(
            of: #""state": "terminated","#,
            with: #""state": "terminated", "resultInfo": {"code": 408, "subcode": 10057, "message": "no signaling"},"#)
        #expect(await harness.process(
            NotificationRecords.record(Array(body.utf8), key: callID, offset: 2, receivedAt: harness.clock.now)) == .finished)
        let completed = try #require(harness.outcomes.first { $0.type == .completed })
        #expect(completed.outcome.disposition == .noAnswer)
        #expect(try #require(completed.outcome.redirectToEndMilliseconds) >= 50)
        #expect(completed.outcome.settles?.type == .redirected)
    }

    @Test("Graph's refusal becomes a failed outcome that keeps Graph's error")
    func graphFailure() async throws {
        let error = GraphError(
            code: .http, status: 403, graphCode: "7505", message: "Request authorization tenant mismatch.",
            requestID: "req-403", clientRequestID: "crid")
        let harness = ProcessorHarness(rules: rules, redirector: FakeRedirector { _ in FakeRedirector.failed(error) })
        _ = await harness.process(
            NotificationRecords.record(scenarios[0].incomingNotification, key: "c", offset: 1, receivedAt: harness.clock.now))

        let outcome = try #require(harness.outcomes.first)
        #expect(outcome.type == .failed)
        #expect(outcome.outcome.graph?.status == 403)
        #expect(outcome.outcome.graph?.code == "7505")
        #expect(outcome.outcome.graph?.requestID == "req-403")
    }

    @Test("an outcome that cannot be stored is retried; the record finishes only once it is stored")
    func produceRetry() async throws {
        let harness = ProcessorHarness(rules: rules)
        harness.publisher.failNext(3)
        let record = NotificationRecords.record(
            scenarios[0].incomingNotification, key: "c", offset: 1, receivedAt: harness.clock.now)

        #expect(await harness.process(record) == .finished)
        #expect(harness.outcomes.map(\.type) == [.redirected])
        #expect(harness.metricsText().contains("switchboard_worker_publish_retries_total"))
    }

    @Test("a dead letter that cannot be stored is retried; the record is not finished before it is stored")
    func deadLetterRetry() async throws {
        let harness = ProcessorHarness(rules: rules)
        harness.publisher.failNext(4)
        let record = NotificationRecords.record(Array("not json".utf8), key: "k", offset: 3, receivedAt: harness.clock.now)

        #expect(await harness.process(record) == .finished)
        #expect(harness.deadLetters.count == 1)
        #expect(harness.metricsText().contains(#"switchboard_worker_publish_retries_total{topic="calls.notifications.dlq"} 4"#))
    }

    @Test("when the partition is given up while the outcome cannot be stored, the record is abandoned")
    func produceAbandoned() async throws {
        let harness = ProcessorHarness(rules: rules)
        harness.publisher.failNext(1_000)
        harness.owned.value = false
        let record = NotificationRecords.record(
            scenarios[0].incomingNotification, key: "c", offset: 1, receivedAt: harness.clock.now)

        #expect(await harness.process(record) == .abandoned)
        #expect(harness.outcomes.isEmpty)
    }

    @Test("a call no rule wants is ignored with the rule's reason")
    func ignored() async throws {
        let ignoreAll = try RoutingRules.load(
            yaml: """
                rules:
                  - name: quiet
                    action:
                      ignore: {reason: maintenance}
                """,
            apiVersion: .v1)
        let harness = ProcessorHarness(rules: ignoreAll)
        _ = await harness.process(
            NotificationRecords.record(scenarios[0].incomingNotification, key: "c", offset: 1, receivedAt: harness.clock.now))
        #expect(harness.redirector.received.isEmpty)
        #expect(harness.outcomes.map(\.type) == [.ignored])
        #expect(harness.outcomes.first?.outcome.rule?.name == "quiet")
        #expect(harness.outcomes.first?.outcome.reason == "maintenance")
    }
}
