import CallModel
import Foundation
import GraphSimulator
import Kafka
import SeedExamples
import Testing

@testable import Worker

@Suite("Pipeline: ordering, deadlines, duplicates, dead letters, throttling", .serialized)
struct BehaviourPipelineTests {
    let rules: RoutingRules

    init() throws {
        rules = try NotificationRecords.seedRules()
    }

    @Test("a call Graph takes 8 s to accept does not delay 100 other calls on the same partition")
    func slowCallDoesNotBlock() async throws {
        // 8 s of Graph latency leaves a loaded machine 6 s of the call's 15 s window (1 s safety margin)
        // to reach Graph, so the slow call itself still ends redirected.
        try await PipelineFixture.with(partitions: 1, graphAttemptTimeout: .seconds(13)) { fixture in
            let worker = try fixture.makeWorker(rules: rules)
            try await fixture.running(worker) {
                fixture.simulator.enqueueFaults([.slow(.seconds(8))])
                let slow = try await fixture.offerAndProduce()
                #expect(await eventually(timeout: .seconds(60)) { !fixture.redirectRequests(callID: slow.callID).isEmpty })

                var others: [String] = []
                for _ in 0..<100 { others.append(try await fixture.offerAndProduce().callID) }
                let outcomes = try await fixture.waitForOutcomes(timeout: .seconds(20)) { events in
                    Set(events.filter { $0.type == .redirected }.map(\.outcome.callID)).isSuperset(of: others)
                }
                let redirected = Set(outcomes.filter { $0.type == .redirected }.map(\.outcome.callID))
                #expect(redirected.isSuperset(of: others))
                // The order is the property: all 100 finished while the slow call was still in flight.
                #expect(!redirected.contains(slow.callID), "the slow call is still in flight")

                let all = try await fixture.waitForOutcomes(timeout: .seconds(15)) { $0.contains { $0.outcome.callID == slow.callID } }
                #expect(all.first { $0.outcome.callID == slow.callID }?.type == .redirected, "\(all.map(\.outcome))")
            }
        }
    }

    @Test("a notification received after its window is expired, and Graph is not called")
    func expired() async throws {
        try await PipelineFixture.with { fixture in
            let worker = try fixture.makeWorker(rules: rules)
            try await fixture.running(worker) {
                let call = try await fixture.simulator.offerIncomingCall()
                try await fixture.produceNotification(
                    call.notification, callID: call.callID, tenant: call.tenantID,
                    receivedAt: fixture.clock.now.addingTimeInterval(-20))
                let outcomes = try await fixture.waitForOutcomes { !$0.isEmpty }
                #expect(outcomes.map(\.type) == [.expired])
                try await Task.sleep(for: .milliseconds(300))
                #expect(fixture.redirectRequests().isEmpty)
            }
        }
    }

    @Test("a duplicate notification yields one redirect and a duplicate outcome")
    func duplicate() async throws {
        try await PipelineFixture.with { fixture in
            let worker = try fixture.makeWorker(rules: rules)
            try await fixture.running(worker) {
                let call = try await fixture.simulator.offerIncomingCall()
                try await fixture.produceNotification(call.notification, callID: call.callID, tenant: call.tenantID)
                try await fixture.produceNotification(call.notification, callID: call.callID, tenant: call.tenantID)
                let outcomes = try await fixture.waitForOutcomes { $0.count >= 2 }
                #expect(outcomes.map(\.type) == [.redirected, .duplicate])
                #expect(fixture.redirectRequests(callID: call.callID).count == 1)
            }
        }
    }

    @Test("a malformed record goes to the dead-letter topic and the partition keeps moving")
    func malformed() async throws {
        try await PipelineFixture.with(partitions: 1) { fixture in
            let worker = try fixture.makeWorker(rules: rules)
            try await fixture.running(worker) {
                let garbage = Array(#"{"value": [{"changeType": "created""#.utf8)
                let bad = try await fixture.produceNotification(garbage, callID: "not-a-call")
                let call = try await fixture.offerAndProduce()

                let outcomes = try await fixture.waitForOutcomes { !$0.isEmpty }
                #expect(outcomes.map(\.type) == [.redirected], "\(outcomes.map(\.outcome))")
                #expect(outcomes.first?.outcome.callID == call.callID)
                let dead = try #require(try await fixture.deadLetters().first)
                #expect(dead.value == garbage)
                #expect(dead.headerString(DeadLetterHeaders.errorCode) == "invalidJSON")
                #expect(dead.headerString(DeadLetterHeaders.sourceOffset) == String(bad.offset))
                #expect(dead.headerString(NotificationHeaders.tenant) == NotificationRecords.tenant)
            }
            // After the graceful shutdown the committed offset is past both records.
            let committed = try await KafkaConsumer.committedOffset(
                fixture: fixture, partition: 0)
            #expect(committed == 2)
        }
    }

    @Test("a storm of 429s with Retry-After is ridden out within the call's window")
    func throttleStorm() async throws {
        try await PipelineFixture.with { fixture in
            let worker = try fixture.makeWorker(rules: rules)
            try await fixture.running(worker) {
                // The call's 15 s window starts at the offer; `running` starts this once the worker
                // consumes, so a slow group join does not use up the time the storm needs.
                fixture.simulator.enqueueFaults(Array(repeating: .throttle(retryAfter: 1), count: 5))
                let call = try await fixture.offerAndProduce()
                let outcomes = try await fixture.waitForOutcomes { !$0.isEmpty }
                let outcome = try #require(outcomes.first)
                #expect(outcome.type == .redirected)
                #expect(outcome.outcome.attempts == 6)
                let requests = fixture.redirectRequests(callID: call.callID)
                #expect(requests.map(\.status) == [429, 429, 429, 429, 429, 202])
                for (earlier, later) in zip(requests, requests.dropFirst()) {
                    #expect(later.receivedAt - earlier.receivedAt >= 0.95, "Retry-After: 1 is honoured")
                }
                #expect((outcome.outcome.timings.deadlineSlackMilliseconds ?? -1) > 0, "accepted inside the window")
            }
        }
    }
}

extension KafkaConsumer {
    /// The fixture group's committed offset of a notifications partition, read by a short-lived member.
    static func committedOffset(fixture: PipelineFixture, partition: Int32) async throws -> Int64? {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: fixture.client, groupID: fixture.group, autoCommitInterval: nil),
            logger: fixture.logger)
        let target = KafkaTopicPartition(topic: fixture.configuration.notificationsTopic, partition: partition)
        do {
            let offsets = try await consumer.committed([target], timeout: .seconds(10))
            await consumer.close()
            return offsets[target]
        } catch {
            await consumer.close()
            throw error
        }
    }
}
