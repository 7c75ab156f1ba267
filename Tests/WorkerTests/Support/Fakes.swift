import CallModel
import Foundation
import Graph
import Kafka
import Logging

@testable import Worker

/// A producer that keeps what it was sent; it can be told to fail.
final class FakePublisher: RecordPublishing {
    struct Sent: Sendable {
        var topic: String
        var key: [UInt8]?
        var value: [UInt8]
        var headers: [KafkaHeader]

        func header(_ name: String) -> String? {
            headers.last { $0.key == name }?.stringValue
        }

        var outcome: OutcomeEvent? {
            try? OutcomeEvent(kafkaHeaders: headers.map { ($0.key, $0.stringValue ?? "") }, value: value)
        }
    }

    private let state = LockedBox<(sent: [Sent], failuresLeft: Int)>(([], 0))

    /// Makes the next `count` sends fail.
    func failNext(_ count: Int) {
        state.withLock { $0.failuresLeft = count }
    }

    var sent: [Sent] { state.value.sent }

    func sent(to topic: String) -> [Sent] {
        sent.filter { $0.topic == topic }
    }

    func send(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader]) async throws -> KafkaDeliveryReport {
        let offset = state.withLock { state -> Int? in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                return nil
            }
            state.sent.append(Sent(topic: topic, key: key, value: value, headers: headers))
            return state.sent.count - 1
        }
        guard let offset else { throw KafkaError(.messageTimedOut, message: "fake: broker unreachable") }
        return KafkaDeliveryReport(topic: topic, partition: 0, offset: Int64(offset))
    }
}

/// A Graph client stand-in that records every redirect (and reject) and answers as told.
final class FakeRedirector: CallRedirecting {
    struct Call: Sendable {
        /// `redirect` or `reject`.
        var action: CallAnswer = .redirect
        var callID: String
        var tenantID: String
        var body: [UInt8]
        var idempotencyKey: UUID
        var deadline: ContinuousClock.Instant
    }

    private let calls = LockedBox<[Call]>([])
    private let answer: @Sendable (Call) async -> GraphRedirectResult

    init(answer: @escaping @Sendable (Call) async -> GraphRedirectResult = { _ in FakeRedirector.accepted() }) {
        self.answer = answer
    }

    var received: [Call] { calls.value }

    func answer(
        _ action: CallAnswer,
        callID: String,
        tenantID: String,
        body: [UInt8],
        idempotencyKey: UUID,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async -> GraphRedirectResult {
        let call = Call(
            action: action, callID: callID, tenantID: tenantID, body: body, idempotencyKey: idempotencyKey, deadline: deadline)
        calls.withLock { $0.append(call) }
        return await answer(call)
    }

    static func accepted(requestID: String = "request-1") -> GraphRedirectResult {
        let clientRequestID = UUID()
        return GraphRedirectResult(
            outcome: .accepted(GraphResponseInfo(status: 202, requestID: requestID, clientRequestID: clientRequestID.uuidString)),
            attempts: [
                GraphAttempt(
                    number: 1, clientRequestID: clientRequestID, status: 202, error: nil, startOffset: .zero,
                    duration: .milliseconds(5), delayBefore: .zero)
            ]
        )
    }

    static func failed(_ error: GraphError) -> GraphRedirectResult {
        GraphRedirectResult(
            outcome: .failed(error),
            attempts: [
                GraphAttempt(
                    number: 1, clientRequestID: UUID(), status: error.status, error: error, startOffset: .zero,
                    duration: .milliseconds(5), delayBefore: .zero)
            ]
        )
    }
}

/// Outcome history served from memory.
final class FakeHistory: PartitionHistoryReading {
    private let records = LockedBox<[Int32: [KafkaRecord]]>([:])
    /// Partition counts by topic; a topic not listed has 1 partition, like every fake topic.
    let partitionCounts = LockedBox<[String: Int]>([:])

    func append(_ record: KafkaRecord, partition: Int32) {
        records.withLock { $0[partition, default: []].append(record) }
    }

    func offset(forTimestamp milliseconds: Int64, topic: String, partition: Int32) async throws -> Int64 {
        let list = records.value[partition] ?? []
        return list.first { ($0.timestamp?.milliseconds ?? 0) >= milliseconds }?.offset ?? Int64(list.count)
    }

    func read(topic: String, partition: Int32, from offset: Int64, until end: Int64) async throws -> [KafkaRecord] {
        (records.value[partition] ?? []).filter { $0.offset >= offset && $0.offset < end }
    }

    func watermarks(topic: String, partition: Int32) async throws -> (low: Int64, high: Int64) {
        (0, Int64(records.value[partition]?.count ?? 0))
    }

    func partitionCounts(topics: [String]) async throws -> [String: Int] {
        Dictionary(topics.map { ($0, partitionCounts.value[$0] ?? 1) }) { first, _ in first }
    }
}
