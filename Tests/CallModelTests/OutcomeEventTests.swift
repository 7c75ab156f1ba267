import CallModel
import Foundation
import Testing

let callID = "491f0b00-ffff-4bc9-a43e-b226498ec22a"
let received = Date(timeIntervalSince1970: 1_748_959_200.125)  // 2025-06-03T14:00:00.125Z
let source = OutcomeSource(topic: "calls.notifications", partition: 3, offset: 1_234)

/// One outcome of every type, with the fields that type carries.
let sampleOutcomes: [CallOutcome] = [
    CallOutcome(
        type: .redirected, callID: callID, tenantID: "632899f8-2ea1-4604-8413-27bd2892079f",
        rule: RuleReference(name: "front-desk", index: 3),
        explanation: "rules[3] (front-desk) matched: called application 24701998-1a73-4d42-8085-bf46ed0ae039 is in calledApplicationIds",
        targets: [RedirectTarget(kind: .application, id: "22bfd41f-550e-477d-8789-f6f7bd2a5e8b", displayName: "test bot 2")],
        attempts: 2, graphRequestID: "3d97a1e4-0000-4000-8000-000000000001",
        clientRequestID: IdempotencyKey.clientRequestID(key: IdempotencyKey.forCall(callID), round: UUID(), attempt: 2).uuidString.lowercased(),
        timings: OutcomeTimings(receivedAt: received, decidedAt: received.addingTimeInterval(0.002),
                                finishedAt: received.addingTimeInterval(0.180), deadline: received.addingTimeInterval(14)),
        callerKind: .user, scenarioID: "e0a2c4d6-0000-4000-8000-000000000002", source: source
    ),
    CallOutcome(
        type: .failed, callID: callID, rule: RuleReference(name: "front-desk", index: 3),
        targets: [RedirectTarget(kind: .phone, id: "+12345678901")], attempts: 1,
        graph: GraphErrorSummary(status: 403, code: "7505", message: "Request authorization tenant mismatch.",
                                 requestID: "3d97a1e4-0000-4000-8000-000000000003", clientRequestID: "c1", date: "2020-02-13T17:30:24"),
        timings: OutcomeTimings(receivedAt: received, finishedAt: received.addingTimeInterval(0.3)), source: source
    ),
    CallOutcome(type: .expired, callID: callID, reason: "the call's 15 s window had passed before the first attempt",
                timings: OutcomeTimings(receivedAt: received, finishedAt: received.addingTimeInterval(16), deadline: received.addingTimeInterval(14)),
                source: source),
    CallOutcome(type: .ignored, callID: callID, rule: .default, explanation: "no rule matched, the default applies",
                reason: "no rule for this call", timings: OutcomeTimings(receivedAt: received, finishedAt: received), source: source),
    CallOutcome(type: .duplicate, callID: callID, reason: "the call already has a redirected outcome",
                timings: OutcomeTimings(receivedAt: received, finishedAt: received.addingTimeInterval(0.001)), source: source),
    CallOutcome(type: .completed, callID: callID, timings: OutcomeTimings(receivedAt: received, finishedAt: received.addingTimeInterval(30)),
                resultInfo: ResultInfo(code: 408, subcode: 8544, message: "Callee could not be reached."),
                answeredBy: IdentitySet(.encrypted, Identity(id: "1xt4uextl99sdzwdxuvdxrvgrv8gehcq7jdgf9yhzeto")), source: source),
]

@Suite("Outcome events")
struct OutcomeEventTests {
    @Test("every outcome round-trips through Kafka headers and value", arguments: sampleOutcomes)
    func roundTrip(_ outcome: CallOutcome) throws {
        let event = OutcomeEvent(outcome: outcome)
        let parsed = try OutcomeEvent(kafkaHeaders: event.kafkaHeaders(), value: event.value())
        #expect(parsed == event)
        #expect(parsed.outcome == outcome)
        #expect(event.value() == parsed.value())  // replays produce identical bytes
    }

    @Test("headers follow the CloudEvents Kafka binding")
    func headers() throws {
        let event = OutcomeEvent(outcome: sampleOutcomes[0])
        let headers = Dictionary(uniqueKeysWithValues: event.kafkaHeaders().map { ($0.key, $0.value) })
        #expect(headers == [
            "ce_specversion": "1.0",
            "ce_id": IdempotencyKey.forCall(callID).uuidString.lowercased(),
            "ce_source": "/switchboard/worker",
            "ce_type": "com.switchboard.call.redirected",
            "ce_time": "2025-06-03T14:00:00.305Z",
            "ce_subject": callID,
            "content-type": "application/json",
        ])
        #expect(event.kafkaKey == callID)
    }

    @Test("the data is JSON with the documented member names")
    func dataShape() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(OutcomeEvent(outcome: sampleOutcomes[0]).value())) as? [String: Any])
        #expect(object["type"] as? String == "redirected")
        #expect(object["callId"] as? String == callID)
        #expect(object["tenantId"] as? String == "632899f8-2ea1-4604-8413-27bd2892079f")
        #expect(object["attempts"] as? Int == 2)
        #expect((object["rule"] as? [String: Any])?["name"] as? String == "front-desk")
        let timings = try #require(object["timings"] as? [String: Any])
        #expect(timings["receivedAt"] as? String == "2025-06-03T14:00:00.125Z")
        #expect(timings["latencyMilliseconds"] as? Int == 180)
        #expect(timings["deadlineSlackMilliseconds"] as? Int == 13_820)
        #expect((object["source"] as? [String: Any])?["offset"] as? Int == 1_234)

        let failed = try #require(try JSONSerialization.jsonObject(with: Data(OutcomeEvent(outcome: sampleOutcomes[1]).value())) as? [String: Any])
        let graph = try #require(failed["graph"] as? [String: Any])
        #expect(graph["status"] as? Int == 403)
        #expect(graph["code"] as? String == "7505")
        #expect(graph["requestId"] as? String == "3d97a1e4-0000-4000-8000-000000000003")
        #expect(graph["clientRequestId"] as? String == "c1")
    }

    @Test("final outcomes share the call's key as event id; completed and duplicate ids are distinct and stable")
    func eventIDs() {
        let ids = sampleOutcomes.map { OutcomeEvent(outcome: $0).id }
        let key = IdempotencyKey.forCall(callID)
        #expect(Array(ids.prefix(4)) == [key, key, key, key])
        #expect(sampleOutcomes.prefix(4).allSatisfy { $0.type.isFinal })
        #expect(ids[4] != key && ids[5] != key && ids[4] != ids[5])
        #expect(ids[4] == IdempotencyKey.duplicateEventID(callID: callID, partition: 3, offset: 1_234))
        #expect(ids[4] != IdempotencyKey.duplicateEventID(callID: callID, partition: 3, offset: 1_235))
        #expect(ids[5] == IdempotencyKey.completedEventID(callID: callID))
    }

    @Test("records that are not outcome events are refused with the reason", arguments: [
        ("ce_specversion", "0.3", OutcomeEventError.Code.invalidHeader),
        ("ce_type", "com.example.other", .invalidHeader),
        ("ce_type", "com.switchboard.call.failed", .mismatch),
        ("ce_id", "not-a-uuid", .invalidHeader),
        ("ce_time", "yesterday", .invalidHeader),
        ("ce_subject", "another-call", .mismatch),
        ("content-type", "text/plain", .invalidHeader),
        ("ce_source", nil, .missingHeader),
    ] as [(String, String?, OutcomeEventError.Code)])
    func invalidRecords(header: String, value: String?, code: OutcomeEventError.Code) throws {
        let event = OutcomeEvent(outcome: sampleOutcomes[0])
        var headers = event.kafkaHeaders().filter { $0.key != header }
        if let value { headers.append((header, value)) }
        let error = try #require(throws: OutcomeEventError.self) { try OutcomeEvent(kafkaHeaders: headers, value: event.value()) }
        #expect(error.code == code)
    }

    @Test("a value that is not an outcome is refused")
    func invalidValue() throws {
        let event = OutcomeEvent(outcome: sampleOutcomes[0])
        let error = try #require(throws: OutcomeEventError.self) {
            try OutcomeEvent(kafkaHeaders: event.kafkaHeaders(), value: Array(#"{"type":"redirected"}"#.utf8))
        }
        #expect(error.code == .invalidData)
    }

    @Test("a malformed value is refused with the path of what is wrong", arguments: [
        ("not json", "the value is not JSON"),
        (#"{"type":"redirected","callId":"c","attempts":1}"#, "timings is missing"),
        (#"{"type":"sent","callId":"c","attempts":1,"timings":{"finishedAt":"2025-06-03T14:00:00.125Z"}}"#, #"type is "sent", not a known value"#),
        (#"{"type":"redirected","callId":"c","attempts":1.5,"timings":{"finishedAt":"2025-06-03T14:00:00.125Z"}}"#, "attempts is 1.5, expected an integer"),
        (#"{"type":"redirected","callId":"c","attempts":1,"timings":{"finishedAt":"noon"}}"#, #"timings.finishedAt is "noon", not an RFC 3339 timestamp"#),
        (#"{"type":"redirected","callId":"c","attempts":1,"timings":{"finishedAt":"2025-06-03T14:00:00.125Z"},"targets":[{"kind":"user"}]}"#, "targets[0].id is missing"),
        (#"{"type":"redirected","callId":"c","attempts":1,"timings":{"finishedAt":"2025-06-03T14:00:00.125Z"},"settles":{"type":"unconfirmed","eventId":"x"}}"#, #"settles.eventId is "x", not a UUID"#),
    ])
    func malformedValues(value: String, message: String) throws {
        var headers = OutcomeEvent(outcome: sampleOutcomes[0]).kafkaHeaders().filter { $0.key != "ce_subject" }
        headers.removeAll { $0.key == "ce_type" }
        headers.append(("ce_type", "com.switchboard.call.redirected"))
        let error = try #require(throws: OutcomeEventError.self) { try OutcomeEvent(kafkaHeaders: headers, value: Array(value.utf8)) }
        #expect(error.code == .invalidData)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test("outcome types map to CloudEvents types and back", arguments: OutcomeType.allCases)
    func cloudEventTypes(_ type: OutcomeType) {
        #expect(type.cloudEventType == "com.switchboard.call." + type.rawValue)
        #expect(OutcomeType(cloudEventType: type.cloudEventType) == type)
    }
}

@Suite("Idempotency keys")
struct IdempotencyKeyTests {
    @Test("UUIDv5 matches the RFC's published example (DNS namespace, python.org)")
    func rfcVector() throws {
        let dns = try #require(UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        #expect(IdempotencyKey.uuidV5(namespace: dns, name: "python.org") == UUID(uuidString: "886313e1-3b8a-5372-9b90-0c9aee199e5d"))
    }

    @Test("event ids are pinned: a change would break deduplication across a deployment (values from Python's uuid.uuid5)")
    func pinnedEventIDs() {
        let call = "491f0b00-ffff-4bc9-a43e-b226498ec22a"
        #expect(IdempotencyKey.forCall(call).lowercasedString == "10622311-85b2-5a35-9d48-7f987dbd4319")
        #expect(IdempotencyKey.attemptingEventID(callID: call, partition: 3, offset: 1_234).lowercasedString
            == "88da3d34-4f3a-5b94-ac91-d486792ef8c5")
        #expect(IdempotencyKey.attemptingEventID(callID: call, partition: 3, offset: nil).lowercasedString
            == "a11b9aff-e593-529e-81a7-7cf43869e595")
        #expect(IdempotencyKey.attemptingEventID(callID: call, partition: nil, offset: 1_234).lowercasedString
            == "a3142377-4613-5ce4-a473-95c084f467d8")
        #expect(IdempotencyKey.attemptingEventID(callID: call, partition: nil, offset: nil).lowercasedString
            == "aca8883b-156d-5864-b650-e56fc91645e5")
        #expect(IdempotencyKey.duplicateEventID(callID: call, partition: 3, offset: 1_234).lowercasedString
            == "465db651-bc08-53af-a03e-08ba9949c993")
    }

    @Test("the namespace is UUIDv5 of urn:switchboard:call in the URL namespace")
    func namespace() throws {
        let url = try #require(UUID(uuidString: "6ba7b811-9dad-11d1-80b4-00c04fd430c8"))
        #expect(IdempotencyKey.uuidV5(namespace: url, name: "urn:switchboard:call") == IdempotencyKey.namespace)
    }

    @Test("keys are stable per call; client-request-ids differ between attempts and between rounds (a replay after a rebalance)")
    func stability() {
        #expect(IdempotencyKey.forCall(callID) == IdempotencyKey.forCall(callID))
        #expect(IdempotencyKey.forCall(callID) != IdempotencyKey.forCall("481f0b00-ffff-4ca1-8c67-a5f1e31e8e82"))
        let key = IdempotencyKey.forCall(callID)
        let round = UUID()
        let attempts = (1...5).map { IdempotencyKey.clientRequestID(key: key, round: round, attempt: $0) }
        #expect(Set(attempts).count == 5)
        #expect(attempts[0] == IdempotencyKey.clientRequestID(key: key, round: round, attempt: 1))
        #expect(!attempts.contains(key))
        let replay = (1...5).map { IdempotencyKey.clientRequestID(key: key, round: IdempotencyKey.randomV4(), attempt: $0) }
        #expect(Set(attempts).isDisjoint(with: replay))
    }

    @Test("a round's random id is a version 4 UUID with the RFC 9562 variant, different each time")
    func randomRound() {
        let rounds = (0..<1_000).map { _ in IdempotencyKey.randomV4() }
        #expect(Set(rounds).count == rounds.count)
        for round in rounds {
            #expect(round.uuid.6 >> 4 == 4)
            #expect(round.uuid.8 >> 6 == 0b10)
        }
        // Every other bit varies: a generator that left bytes unset would show here.
        let varying = rounds.dropFirst().reduce(into: [UInt8](repeating: 0, count: 16)) { bits, round in
            withUnsafeBytes(of: round.uuid) { bytes in
                withUnsafeBytes(of: rounds[0].uuid) { first in
                    for index in 0..<16 { bits[index] |= bytes[index] ^ first[index] }
                }
            }
        }
        #expect(varying == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0xFF, 0x3F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
    }
}

@Suite("Notification headers")
struct NotificationHeadersTests {
    @Test("the received-at header carries whole milliseconds since the epoch and reads back")
    func receivedAt() throws {
        let instant = Date(timeIntervalSince1970: 1_748_959_200.1259)
        #expect(NotificationHeaders.receivedAtValue(instant) == "1748959200125")
        let back = try #require(NotificationHeaders.receivedAt(fromValue: "1748959200125"))
        #expect(NotificationHeaders.receivedAtValue(back) == "1748959200125")
        #expect(NotificationHeaders.receivedAt(fromValue: "2025-06-03T14:00:00Z") == nil)
    }
}
