import CallModel
import Foundation
import Graph
import Kafka
import SeedExamples
import Testing

@testable import Worker

/// A `reject` rule goes through the same write-ahead, deadline, retry and truthfulness machinery as a redirect.
@Suite("Reject rules in the worker")
struct RejectProcessingTests {
    let scenarios: [SeedScenario]
    let rules: RoutingRules

    init() throws {
        scenarios = try SeedScenario.all()
        rules = try RoutingRules.load(yaml: "default:\n  reject: {reason: busy}\n", apiVersion: .v1)
    }

    func incoming(_ harness: ProcessorHarness, callID: String, offset: Int64, receivedAt: Date? = nil) -> KafkaRecord {
        NotificationRecords.record(
            NotificationRecords.incoming(scenarios[0], callID: callID), key: callID, offset: offset,
            receivedAt: receivedAt ?? harness.clock.now)
    }

    @Test("a reject is sent as Graph's reject with its reason, after the attempting marker, and ends rejected")
    func rejected() async throws {
        let publisher = FakePublisher()
        let markersWhenGraphWasCalled = LockedBox<Int>(-1)
        let redirector = FakeRedirector { _ in
            markersWhenGraphWasCalled.value = publisher.sent(to: "calls.redirect-outcomes").count
            return FakeRedirector.accepted(requestID: "reject-request")
        }
        let harness = ProcessorHarness(rules: rules, redirector: redirector, publisher: publisher)
        #expect(await harness.process(incoming(harness, callID: "call-1", offset: 3)) == .finished)

        let sent = try #require(harness.redirector.received.first)
        #expect(sent.action == .reject)
        #expect(String(decoding: sent.body, as: UTF8.self) == #"{"reason":"busy"}"#)
        #expect(sent.idempotencyKey == IdempotencyKey.forCall("call-1"))
        #expect(markersWhenGraphWasCalled.value == 1, "the marker was stored before the reject was sent")

        let marker = try #require(harness.attemptMarkers.first)
        #expect(marker.outcome.rejectReason == .busy)
        #expect(marker.outcome.targets.isEmpty)
        let final = try #require(harness.outcomes.first)
        #expect(final.type == .rejected)
        #expect(final.id == IdempotencyKey.forCall("call-1"))
        #expect(final.outcome.rejectReason == .busy)
        #expect(final.outcome.rule == .default)
        #expect(final.outcome.attempts == 1)
        #expect(final.outcome.graphRequestID == "reject-request")
        #expect(harness.metricsText().contains(#"type="rejected""#))
    }

    @Test("a reject whose attempt may have reached Graph, then refused as no longer incoming, is unconfirmed")
    func inDoubt() async throws {
        let notIncoming = GraphError(code: .http, status: 404, graphCode: "8522", message: "Call not found.")
        let timedOut = GraphError(code: .timeout, message: "Graph did not answer within the attempt timeout")
        let result = GraphRedirectResult(
            outcome: .failed(notIncoming),
            attempts: [
                GraphAttempt(
                    number: 1, clientRequestID: UUID(), status: nil, error: timedOut, startOffset: .zero,
                    duration: .milliseconds(5), delayBefore: .zero, isInDoubt: true),
                GraphAttempt(
                    number: 2, clientRequestID: UUID(), status: 404, error: notIncoming, startOffset: .zero,
                    duration: .milliseconds(5), delayBefore: .zero),
            ])
        let harness = ProcessorHarness(rules: rules, redirector: FakeRedirector { _ in result })
        #expect(await harness.process(incoming(harness, callID: "call-2", offset: 4)) == .finished)
        let final = try #require(harness.outcomes.first)
        #expect(final.type == .unconfirmed, "\(final.outcome.reason ?? "")")
        #expect(final.outcome.reason?.contains("may have rejected the call") == true)
        #expect(final.outcome.rejectReason == .busy)
    }

    @Test("a reject Graph refuses outright (403) is failed, with Graph's error")
    func refused() async throws {
        let forbidden = GraphError(code: .http, status: 403, graphCode: "7505", message: "Request authorization tenant mismatch.")
        let harness = ProcessorHarness(rules: rules, redirector: FakeRedirector { _ in FakeRedirector.failed(forbidden) })
        #expect(await harness.process(incoming(harness, callID: "call-3", offset: 5)) == .finished)
        let final = try #require(harness.outcomes.first)
        #expect(final.type == .failed)
        #expect(final.outcome.graph?.code == "7505")
        #expect(final.outcome.rejectReason == .busy)
    }

    @Test("a reject whose window has passed is expired and Graph is not called")
    func expired() async throws {
        let harness = ProcessorHarness(rules: rules)
        let record = incoming(harness, callID: "call-4", offset: 6, receivedAt: harness.clock.now.addingTimeInterval(-60))
        #expect(await harness.process(record) == .finished)
        #expect(harness.redirector.received.isEmpty)
        #expect(harness.outcomes.first?.type == .expired)
        #expect(harness.attemptMarkers.isEmpty)
    }
}
