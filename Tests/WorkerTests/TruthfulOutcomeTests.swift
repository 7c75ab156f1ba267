import CallModel
import Foundation
import Graph
import Kafka
import SeedExamples
import Testing

@testable import Worker

/// A call Graph may have redirected is never reported `failed` or `expired` (issue: truthful outcomes).
@Suite("Outcomes tell the truth when the worker cannot know")
struct TruthfulOutcomeTests {
    let scenarios: [SeedScenario]
    let rules: RoutingRules

    init() throws {
        scenarios = try SeedScenario.all()
        rules = try NotificationRecords.seedRules()
    }

    static let notIncoming = GraphError(code: .http, status: 404, graphCode: "8522", message: "Call not found.")
    static let timedOut = GraphError(code: .timeout, message: "Graph did not answer within the attempt timeout")

    /// Attempts as the Graph client reports them: `nil` status with `inDoubt` for a timeout after sending.
    static func result(_ outcome: GraphRedirectResult.Outcome, attempts: [(status: Int?, inDoubt: Bool)]) -> GraphRedirectResult {
        GraphRedirectResult(
            outcome: outcome,
            attempts: attempts.enumerated().map { index, attempt in
                GraphAttempt(
                    number: index + 1, clientRequestID: UUID(), status: attempt.status,
                    error: attempt.status == 202 ? nil : (attempt.status == nil ? timedOut : notIncoming),
                    startOffset: .zero, duration: .milliseconds(5), delayBefore: .zero, isInDoubt: attempt.inDoubt)
            })
    }

    func incoming(_ harness: ProcessorHarness, callID: String, offset: Int64, receivedAt: Date? = nil) -> KafkaRecord {
        NotificationRecords.record(
            NotificationRecords.incoming(scenarios[0], callID: callID), key: callID, offset: offset,
            receivedAt: receivedAt ?? harness.clock.now)
    }

    /// Marks `callID` as attempted by an earlier owner in the harness's partition ledger, as a rebuild would.
    func markAttemptedBefore(_ harness: ProcessorHarness, callID: String) {
        let marker = RecordedOutcome(
            type: .attempting, eventID: IdempotencyKey.attemptingEventID(callID: callID, partition: 0, offset: 1),
            sourceOffset: 1, time: harness.clock.now)
        harness.ledgers.record(marker, callID: callID, partition: 0, generation: 1, offset: 1)
    }

    @Test("the attempting marker is stored before Graph is asked, then the final outcome")
    func writeAhead() async throws {
        let publisher = FakePublisher()
        let markersWhenGraphWasCalled = LockedBox<Int>(-1)
        let redirector = FakeRedirector { _ in
            markersWhenGraphWasCalled.value = publisher.sent(to: "calls.redirect-outcomes").count
            return FakeRedirector.accepted()
        }
        let harness = ProcessorHarness(rules: rules, redirector: redirector, publisher: publisher)
        #expect(await harness.process(incoming(harness, callID: "call-1", offset: 3)) == .finished)
        #expect(markersWhenGraphWasCalled.value == 1, "the marker was stored before the redirect was sent")
        let all = harness.publisher.sent(to: harness.configuration.outcomesTopic).compactMap(\.outcome)
        #expect(all.map(\.type) == [.attempting, .redirected])
        #expect(all[0].id == IdempotencyKey.attemptingEventID(callID: "call-1", partition: 0, offset: 3))
        #expect(all[0].outcome.targets == all[1].outcome.targets)
    }

    @Test("a marker that cannot be stored means no Graph attempt: the record is abandoned for the next owner")
    func noMarkerNoAttempt() async throws {
        let harness = ProcessorHarness(rules: rules)
        harness.publisher.failNext(1_000)
        harness.owned.value = false
        #expect(await harness.process(incoming(harness, callID: "call-1", offset: 3)) == .abandoned)
        #expect(harness.redirector.received.isEmpty)
    }

    @Test(
        "an attempt that may have reached Graph, then a 'no longer incoming' refusal or the window's end, is unconfirmed",
        arguments: [true, false])
    func ownAttemptInDoubt(refused: Bool) async throws {
        let outcome: GraphRedirectResult.Outcome = refused ? .failed(Self.notIncoming) : .expired(lastError: Self.timedOut)
        let attempts: [(status: Int?, inDoubt: Bool)] = refused ? [(nil, true), (404, false)] : [(nil, true)]
        let harness = ProcessorHarness(
            rules: rules, redirector: FakeRedirector { _ in Self.result(outcome, attempts: attempts) })
        #expect(await harness.process(incoming(harness, callID: "call-1", offset: 3)) == .finished)
        let final = try #require(harness.outcomes.first)
        #expect(final.type == .unconfirmed, "\(final.outcome.reason ?? "")")
        #expect(final.id == IdempotencyKey.forCall("call-1"))
        #expect(final.outcome.reason?.contains("may have redirected") == true)
    }

    @Test("a definite refusal (400) after a 500 is failed: it judges the request itself")
    func definiteRefusalSettles() async throws {
        let badRequest = GraphError(code: .http, status: 400, graphCode: "BadRequest", message: "invalid")
        let result = GraphRedirectResult(
            outcome: .failed(badRequest),
            attempts: [
                GraphAttempt(number: 1, clientRequestID: UUID(), status: 500, error: badRequest, startOffset: .zero,
                    duration: .zero, delayBefore: .zero, isInDoubt: true),
                GraphAttempt(number: 2, clientRequestID: UUID(), status: 400, error: badRequest, startOffset: .zero,
                    duration: .zero, delayBefore: .zero),
            ])
        let harness = ProcessorHarness(rules: rules, redirector: FakeRedirector { _ in result })
        _ = await harness.process(incoming(harness, callID: "call-1", offset: 3))
        #expect(harness.outcomes.map(\.type) == [.failed])
    }

    @Test("a call an earlier owner attempted is redirected again; Graph's refusal then makes it unconfirmed, never failed")
    func earlierOwnerRefused() async throws {
        let harness = ProcessorHarness(rules: rules, redirector: FakeRedirector { _ in FakeRedirector.failed(Self.notIncoming) })
        markAttemptedBefore(harness, callID: "call-1")
        #expect(await harness.process(incoming(harness, callID: "call-1", offset: 1)) == .finished)
        #expect(harness.redirector.received.count == 1)
        #expect(harness.outcomes.map(\.type) == [.unconfirmed])
        #expect(harness.outcomes.first?.outcome.graph?.status == 404)
    }

    @Test("a call an earlier owner attempted that Graph now accepts is redirected: the answer settles it")
    func earlierOwnerAccepted() async throws {
        let harness = ProcessorHarness(rules: rules)
        markAttemptedBefore(harness, callID: "call-1")
        _ = await harness.process(incoming(harness, callID: "call-1", offset: 1))
        #expect(harness.outcomes.map(\.type) == [.redirected])
    }

    @Test("a call an earlier owner attempted whose window has closed is unconfirmed, not expired")
    func earlierOwnerWindowClosed() async throws {
        let harness = ProcessorHarness(rules: rules)
        markAttemptedBefore(harness, callID: "call-1")
        let record = incoming(harness, callID: "call-1", offset: 1, receivedAt: harness.clock.now.addingTimeInterval(-20))
        #expect(await harness.process(record) == .finished)
        #expect(harness.redirector.received.isEmpty)
        #expect(harness.outcomes.map(\.type) == [.unconfirmed])
    }

    @Test("the completed outcome names the unconfirmed outcome it settles")
    func completedSettles() async throws {
        let harness = ProcessorHarness(rules: rules, redirector: FakeRedirector { _ in FakeRedirector.failed(Self.notIncoming) })
        markAttemptedBefore(harness, callID: "call-1")
        _ = await harness.process(incoming(harness, callID: "call-1", offset: 1))
        let terminated = NotificationRecords.record(
            NotificationRecords.terminated(scenarios[0], callID: "call-1"), key: "call-1", offset: 2, receivedAt: harness.clock.now)
        #expect(await harness.process(terminated) == .finished)
        let completed = try #require(harness.outcomes.last)
        #expect(completed.type == .completed)
        #expect(completed.outcome.settles == SettledOutcome(type: .unconfirmed, eventID: IdempotencyKey.forCall("call-1")))
    }

    @Test("a record holding a call's incoming and terminated notifications handles both, and a replay neither")
    func twoNotificationsOfOneCallInOneRecord() async throws {
        let harness = ProcessorHarness(rules: rules)
        let incoming = try JSONValue.parse(NotificationRecords.incoming(scenarios[0], callID: "call-1"))
        let terminated = try JSONValue.parse(NotificationRecords.terminated(scenarios[0], callID: "call-1"))
        guard case .array(let first)? = incoming["value"], case .array(let second)? = terminated["value"] else {
            Issue.record("seed notifications have a value array")
            return
        }
        let combined = JSONValue.object(["value": .array(first + second)])
        let record = NotificationRecords.record(combined.jsonBytes(), key: "call-1", offset: 4, receivedAt: harness.clock.now)
        #expect(await harness.process(record) == .finished)
        #expect(harness.outcomes.map(\.type) == [.redirected, .completed])
        #expect(harness.outcomes.last?.outcome.source?.item == 1)
        #expect(await harness.process(record) == .finished)
        #expect(harness.outcomes.count == 2, "a replay publishes nothing again")
    }
}
