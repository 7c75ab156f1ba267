import Foundation
import Testing

@testable import CallModel

/// Every member of every type an outcome holds, set, with text that needs escaping.
let fullOutcome = CallOutcome(
    type: .completed, callID: callID, tenantID: "632899f8-2ea1-4604-8413-27bd2892079f",
    rule: RuleReference(name: "front \"desk\"\\night", index: 0),
    explanation: "line one\nline two\tand a / slash, é and \u{1}",
    reason: "a reason",
    targets: [
        RedirectTarget(kind: .application, id: "22bfd41f-550e-477d-8789-f6f7bd2a5e8b", displayName: "bot", tenantID: "t1"),
        RedirectTarget(kind: .phone, id: "+12345678901"),
    ],
    rejectReason: .busy,
    attempts: 3,
    graph: GraphErrorSummary(status: 503, code: "8522", message: "Service unavailable.", requestID: "r1", clientRequestID: "c1", date: "2020-02-13T17:30:24"),
    graphRequestID: "3d97a1e4-0000-4000-8000-000000000001",
    clientRequestID: "3d97a1e4-0000-4000-8000-000000000002",
    timings: OutcomeTimings(
        receivedAt: received, decidedAt: received.addingTimeInterval(0.002), finishedAt: received.addingTimeInterval(20),
        deadline: received.addingTimeInterval(14)),
    resultInfo: ResultInfo(code: 200, subcode: 5001, message: "ok"),
    answeredBy: IdentitySet(entries: [
        .init(kind: .user, identity: Identity(id: "u1", displayName: "Ann", tenantID: "t2")),
        .init(kind: .applicationInstance, identity: Identity(id: "ai1")),
        .init(kind: .application, identity: Identity(displayName: "App")),
        .init(kind: .encrypted, identity: Identity(id: "e1")),
        .init(kind: .onPremises, identity: Identity(id: "o1")),
    ]),
    disposition: .answered,
    redirectToEndMilliseconds: 19_998,
    callerKind: .phone, scenarioID: "e0a2c4d6-0000-4000-8000-000000000002",
    source: OutcomeSource(topic: "calls.notifications", partition: 7, offset: 9_876_543_210, item: 1),
    settles: SettledOutcome(type: .redirected, eventID: IdempotencyKey.forCall(callID))
)

let fullOutcomeJSON = #"{"answeredBy":{"application":{"displayName":"App"},"applicationInstance":{"id":"ai1"},"encrypted":{"id":"e1"},"onPremises":{"id":"o1"},"user":{"displayName":"Ann","id":"u1","tenantId":"t2"}},"attempts":3,"callId":"491f0b00-ffff-4bc9-a43e-b226498ec22a","callerKind":"phone","clientRequestId":"3d97a1e4-0000-4000-8000-000000000002","disposition":"answered","explanation":"line one\nline two\tand a / slash, é and \u0001","graph":{"clientRequestId":"c1","code":"8522","date":"2020-02-13T17:30:24","message":"Service unavailable.","requestId":"r1","status":503},"graphRequestId":"3d97a1e4-0000-4000-8000-000000000001","reason":"a reason","redirectToEndMilliseconds":19998,"rejectReason":"busy","resultInfo":{"code":200,"message":"ok","subcode":5001},"rule":{"index":0,"name":"front \"desk\"\\night"},"scenarioId":"e0a2c4d6-0000-4000-8000-000000000002","settles":{"eventId":"10622311-85b2-5a35-9d48-7f987dbd4319","type":"redirected"},"source":{"item":1,"offset":9876543210,"partition":7,"topic":"calls.notifications"},"targets":[{"displayName":"bot","id":"22bfd41f-550e-477d-8789-f6f7bd2a5e8b","kind":"application","tenantId":"t1"},{"id":"+12345678901","kind":"phone"}],"tenantId":"632899f8-2ea1-4604-8413-27bd2892079f","timings":{"deadlineSlackMilliseconds":-6000,"decidedAt":"2025-06-03T14:00:00.127Z","finishedAt":"2025-06-03T14:00:20.125Z","latencyMilliseconds":20000,"receivedAt":"2025-06-03T14:00:00.125Z"},"type":"completed"}"#

@Suite("Outcome JSON")
struct OutcomeJSONTests {
    @Test("the strict reader reads back what the writer wrote", arguments: sampleOutcomes + [fullOutcome])
    func roundTrip(_ outcome: CallOutcome) throws {
        #expect(try CallOutcome.read(OutcomeEvent(outcome: outcome).value()) == outcome)
    }

    /// The text consumers parse, pinned: sorted keys, absent optionals omitted, escapes, timestamps with
    /// milliseconds (the bytes Foundation's `JSONEncoder` wrote with sorted keys before the writer).
    @Test("every member of a full outcome, written as consumers read it")
    func fullOutcomeText() {
        #expect(String(decoding: OutcomeEvent(outcome: fullOutcome).value(), as: UTF8.self) == fullOutcomeJSON)
    }

    /// The writer lists members by hand: a property added to an outcome type must be added there too.
    @Test("the writer knows every stored property of the outcome types")
    func everyPropertyWritten() {
        func count(_ value: Any) -> Int { Mirror(reflecting: value).children.count }
        #expect(count(fullOutcome) == 21, "CallOutcome changed: update CallOutcome+JSON.swift and fullOutcome")
        #expect(count(fullOutcome.timings) == 5, "OutcomeTimings changed: update CallOutcome+JSON.swift")
        #expect(count(fullOutcome.graph!) == 6, "GraphErrorSummary changed: update CallOutcome+JSON.swift")
        #expect(count(fullOutcome.resultInfo!) == 3, "ResultInfo changed: update CallOutcome+JSON.swift")
        #expect(count(fullOutcome.source!) == 4, "OutcomeSource changed: update CallOutcome+JSON.swift")
        #expect(count(fullOutcome.targets[0]) == 4, "RedirectTarget changed: update CallOutcome+JSON.swift")
        #expect(count(fullOutcome.rule!) == 2, "RuleReference changed: update CallOutcome+JSON.swift")
        #expect(count(fullOutcome.settles!) == 2, "SettledOutcome changed: update CallOutcome+JSON.swift")
        #expect(count(Identity()) == 3, "Identity changed: update CallOutcome+JSON.swift")
    }
}

@Suite("Outcome timestamps")
struct OutcomeTimestampTests {
    @Test("RFC 3339 with milliseconds in UTC, padded, across the years and before the epoch", arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_748_959_200.125, "2025-06-03T14:00:00.125Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
        (951_782_400.0406, "2000-02-29T00:00:00.041Z"),
    ])
    func format(seconds: Double, text: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(OutcomeTimestamp.format(date) == text)
        #expect(OutcomeTimestamp.parse(text) == OutcomeTimestamp.rounded(date))
    }
}
