import CallModel
import Foundation
import GraphSimulator
import Kafka
import SeedExamples
import Testing

extension EndToEndTests {
    /// What Graph would never send, and what an attacker might: the ingress refuses it with the
    /// right status and stores nothing, so no worker ever sees it.
    @Test("malformed and unauthenticated posts are refused with the right status and never stored")
    func badPosts() async throws {
        try await PipelineStack.with { stack in
            let ingress = IngressClient(baseURL: stack.ingressURL)
            let seed = try #require(try SeedScenario.all().first)
            let token = try await stack.simulator.notificationToken(tenant: SimulatorDefaults.tenantID)
            let json = [("Content-Type", "application/json")]
            let signed = json + [("Authorization", "Bearer \(token)")]
            var tampered = Array(token.utf8)
            tampered[tampered.count - 5] = tampered[tampered.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")

            let cases: [(name: String, body: [UInt8], headers: [(String, String)], status: Int)] = [
                ("no token", seed.incomingNotification, json, 401),
                ("not a bearer token", seed.incomingNotification, json + [("Authorization", "Basic dXNlcjpwYXNz")], 401),
                ("tampered signature", seed.incomingNotification, json + [("Authorization", "Bearer \(String(decoding: tampered, as: UTF8.self))")], 401),
                ("a token for another tenant than the call's", seed.incomingNotification,
                 json + [("Authorization", "Bearer \(try await stack.simulator.notificationToken(tenant: "00000000-0000-0000-0000-000000000001"))")], -1),
                ("invalid JSON", Array("{\"value\": [".utf8), signed, 400),
                ("no value array", Array("{\"value\": {}}".utf8), signed, 400),
                ("not an object", Array("[1, 2, 3]".utf8), signed, 400),
                ("too large", Array(repeating: UInt8(ascii: " "), count: 300 * 1024) + Array("{}".utf8), signed, 413),
            ]
            var answers: [String: Int] = [:]
            for (name, body, headers, status) in cases {
                let answer = try await ingress.post(body, headers: headers)
                answers[name] = answer.status
                if status > 0 {
                    #expect(answer.status == status, "\(name): \(answer.status) \(answer.body)")
                }
                if answer.status == 400 {
                    #expect(answer.header("Content-Type")?.hasPrefix("application/problem+json") == true, "\(name)")
                    #expect(!answer.body.isEmpty)
                }
            }
            // A token for another tenant verifies (this ingress lists no tenants, so every tenant may post);
            // the worker finds the body naming another tenant and dead-letters it, never redirecting it.
            let mismatch = answers["a token for another tenant than the call's"] ?? 0
            #expect(mismatch == 202)
            let dead = try await stack.deadLetters.wait(timeout: .seconds(20)) { !$0.isEmpty }
            #expect(dead.map { $0.headerString(DeadLetterHeaders.errorCode) } == ["tenantMismatch"])
            #expect(dead.first?.value == seed.incomingNotification)
            try RecordSamples.save(notifications: [], outcomes: [], deadLetters: dead, name: "tenant-mismatch")

            // A valid notification afterwards is stored; only what was acknowledged reached Kafka.
            let offer = try await stack.simulator.offerCall()
            #expect(offer.acknowledged)
            let stored = try await stack.notifications.wait(timeout: .seconds(10)) { records in
                records.contains { $0.key.map { String(decoding: $0, as: UTF8.self) } == offer.callId }
            }
            // Besides the valid call's records, only the one bad post the ingress acknowledged (the
            // tenant mismatch) is stored. The valid call may already have a second record: on a loaded
            // machine the simulator's terminated notification for the redirected call (same key) can
            // arrive before this read.
            let storedKeys = stored.map { $0.key.map { String(decoding: $0, as: UTF8.self) } ?? "-" }
            #expect(storedKeys.filter { $0 != offer.callId }.count == 1, "stored: \(storedKeys)")
            let records = try await stack.outcomes.wait(timeout: .seconds(20)) { records in
                ((try? OutcomeLedger(records).missing([offer.callId]).isEmpty) ?? false)
            }
            let ledger = try OutcomeLedger(records)
            #expect(ledger.finalsByCall[offer.callId]?.first?.type == .redirected)
            let redirects = try await stack.simulator.redirectRequests()
            #expect(redirects.map(\.callID) == [offer.callId], "only the valid call reached Graph")
            figures("bad posts", ["answers": answers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")])
        }
    }

    /// A record written straight to the notifications topic that no worker can parse goes to the
    /// DLQ unchanged, with headers saying why and where from, and its partition keeps moving: a
    /// valid notification behind it on the same partition is redirected.
    @Test("an unparseable record in the topic lands in the DLQ and processing continues")
    func deadLetter() async throws {
        try await PipelineStack.with { stack in
            let callID = UUID().uuidString.lowercased()
            let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: stack.client), logger: stack.logger)
            let headers = [
                KafkaHeader(key: NotificationHeaders.receivedAt, string: NotificationHeaders.receivedAtValue(Date())),
                KafkaHeader(key: NotificationHeaders.tenant, string: SimulatorDefaults.tenantID),
            ]
            let garbage = Array("{\"value\": [{\"changeType\": \"created\", ".utf8)
            let noCallID = Array(#"{"value": [{"changeType": "created", "resourceData": {"state": "incoming"}}]}"#.utf8)
            let sent = await Result(catching: {
                // Same key as the valid call that follows, so all three share a partition.
                let first = try await producer.send(topic: stack.notificationsTopic, key: Array(callID.utf8), value: garbage, headers: headers)
                let second = try await producer.send(topic: stack.notificationsTopic, key: Array(callID.utf8), value: noCallID, headers: headers)
                return (first, second)
            })
            await producer.shutdown(flushTimeout: .seconds(5))
            let (first, second) = try sent.get()

            let offer = try await stack.simulator.offer(.init(callId: callID, deliver: true))
            #expect(offer.acknowledged)
            let records = try await stack.outcomes.wait(timeout: .seconds(30)) { records in
                ((try? OutcomeLedger(records).missing([callID]).isEmpty) ?? false)
            }
            #expect(try OutcomeLedger(records).finalsByCall[callID]?.first?.type == .redirected)

            let dead = try await stack.deadLetters.wait(timeout: .seconds(20)) { $0.count >= 2 }
            #expect(dead.count == 2)
            for (letter, source) in zip(dead.sorted { ($0.headerString(DeadLetterHeaders.sourceOffset) ?? "") < ($1.headerString(DeadLetterHeaders.sourceOffset) ?? "") }, [first, second]) {
                #expect(letter.key == Array(callID.utf8))
                #expect(letter.headerString(DeadLetterHeaders.sourceTopic) == stack.notificationsTopic)
                #expect(letter.headerString(DeadLetterHeaders.sourcePartition) == String(source.partition))
                #expect(letter.headerString(DeadLetterHeaders.sourceOffset) == String(source.offset))
                #expect(letter.headerString(DeadLetterHeaders.error)?.isEmpty == false)
                #expect(letter.headerString(DeadLetterHeaders.errorCode)?.isEmpty == false)
                #expect(letter.headerString(DeadLetterHeaders.failedAt) != nil)
                #expect(letter.headerString(NotificationHeaders.tenant) == SimulatorDefaults.tenantID, "original headers kept")
            }
            #expect(dead.contains { $0.value == garbage } && dead.contains { $0.value == noCallID }, "values unchanged")
            // The two injected records are not the ingress's; only what the processes produced is a sample.
            let notifications = try await stack.notifications.refresh().filter { record in
                ![first, second].contains { $0.partition == record.partition && $0.offset == record.offset }
            }
            try RecordSamples.save(notifications: notifications, outcomes: records, deadLetters: dead, name: "dead-letter")
            figures("dead letter", [
                "dlq_error_codes": dead.compactMap { $0.headerString(DeadLetterHeaders.errorCode) }.joined(separator: ","),
            ])
        }
    }
}
