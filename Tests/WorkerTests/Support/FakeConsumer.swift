import DequeModule
import Kafka

@testable import Worker

/// A consumer-group member fed by the test: records are appended, assignments and revocations are
/// driven explicitly through the worker's rebalance listener, commits are kept.
final class FakeConsumer: NotificationConsuming {
    private struct State: Sendable {
        var buffer: Deque<KafkaRecord> = []
        var waiter: CheckedContinuation<KafkaRecord?, Never>?
        var closed = false
        var pulled = 0
        var commits: [[KafkaTopicPartition: Int64]] = []
        var revokeCommits: [[KafkaTopicPartition: Int64]] = []
        var assignment: Set<KafkaTopicPartition> = []
    }

    private let state = LockedBox(State())
    let listener: any KafkaRebalanceListener

    init(listener: any KafkaRebalanceListener) {
        self.listener = listener
    }

    /// Records pulled by the worker so far.
    var pulled: Int { state.value.pulled }
    /// Explicit commits, in order.
    var commits: [[KafkaTopicPartition: Int64]] { state.value.commits }
    /// Offsets the listener returned on revocation (the consumer commits them), in order.
    var revokeCommits: [[KafkaTopicPartition: Int64]] { state.value.revokeCommits }

    /// The last offset committed for a partition, by either path.
    func lastCommitted(_ partition: KafkaTopicPartition) -> Int64? {
        let state = state.value
        return (state.commits + state.revokeCommits).last { $0[partition] != nil }?[partition]
    }

    func append(_ records: [KafkaRecord]) {
        for record in records {
            let waiter = state.withLock { state -> CheckedContinuation<KafkaRecord?, Never>? in
                if let waiter = state.waiter {
                    state.waiter = nil
                    state.pulled += 1
                    return waiter
                }
                state.buffer.append(record)
                return nil
            }
            waiter?.resume(returning: record)
        }
    }

    func assign(_ partitions: [KafkaTopicPartition]) async {
        state.withLock { $0.assignment.formUnion(partitions) }
        await listener.partitionsAssigned(partitions)
    }

    @discardableResult
    func revoke(_ partitions: [KafkaTopicPartition], lost: Bool = false) async -> [KafkaTopicPartition: Int64] {
        state.withLock { state in
            state.assignment.subtract(partitions)
            state.buffer.removeAll { partitions.contains($0.topicPartition) }
        }
        let offsets = await listener.partitionsRevoked(partitions, lost: lost)
        if !lost { state.withLock { $0.revokeCommits.append(offsets) } }
        return offsets
    }

    func subscribe(topics: [String]) throws(KafkaError) {}

    func nextRecord() async throws(KafkaError) -> KafkaRecord? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<KafkaRecord?, Never>) in
                let immediate = state.withLock { state -> KafkaRecord?? in
                    if state.closed || Task.isCancelled { return .some(nil) }
                    if let record = state.buffer.popFirst() {
                        state.pulled += 1
                        return .some(record)
                    }
                    state.waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<KafkaRecord?, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        state.withLock { $0.commits.append(offsets) }
    }

    /// No fetches happen here, so no watermark is known (the lag metric skips every partition).
    func fetchedHighWatermark(_ partition: KafkaTopicPartition) -> Int64? { nil }

    func close() async {
        let (waiter, assigned) = state.withLock { state in
            state.closed = true
            defer { state.waiter = nil }
            return (state.waiter, Array(state.assignment))
        }
        waiter?.resume(returning: nil)
        if !assigned.isEmpty { await revoke(assigned) }
    }
}
