import CallModel
import Foundation
import Kafka
import Logging
import Synchronization

/// Everything written to one topic so far, read incrementally partition by partition without a
/// consumer group (so the test sees exactly what is stored, duplicates included).
final class TopicLog: Sendable {
    let topic: String
    let partitions: Int
    private let client: KafkaClientConfiguration
    private let logger: Logger
    private let state = Mutex<(next: [Int64], records: [KafkaRecord])>(([], []))

    init(topic: String, partitions: Int, client: KafkaClientConfiguration, logger: Logger) {
        self.topic = topic
        self.partitions = partitions
        self.client = client
        self.logger = logger
        state.withLock { $0.next = Array(repeating: 0, count: partitions) }
    }

    /// Reads what was added since the last call; returns every record read so far.
    func refresh() async throws -> [KafkaRecord] {
        let starts = state.withLock { $0.next }
        let batches = try await withThrowingTaskGroup(of: (Int, [KafkaRecord]).self) { group in
            for partition in 0..<partitions {
                group.addTask { [client, topic, logger] in
                    let records = try await KafkaPartitionReader.read(
                        configuration: client, topic: topic, partition: Int32(partition), from: starts[partition],
                        until: nil, timeout: .seconds(20), logger: logger)
                    return (partition, records)
                }
            }
            return try await group.reduce(into: [(Int, [KafkaRecord])]()) { $0.append($1) }
        }
        return state.withLock { state in
            for (partition, records) in batches.sorted(by: { $0.0 < $1.0 }) {
                guard let last = records.last else { continue }
                // Two overlapping refreshes may read the same range; keep each offset once.
                let fresh = records.filter { $0.offset >= state.next[partition] }
                state.records.append(contentsOf: fresh)
                state.next[partition] = max(state.next[partition], last.offset + 1)
            }
            return state.records
        }
    }

    /// Refreshes until `condition` holds on the records or `timeout` passes; returns the records either way.
    func wait(timeout: Duration, until condition: ([KafkaRecord]) -> Bool) async throws -> [KafkaRecord] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let records = try await refresh()
            if condition(records) || ContinuousClock.now >= deadline { return records }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}

extension KafkaRecord {
    /// The record as an outcome CloudEvent.
    func outcomeEvent() throws -> OutcomeEvent {
        try OutcomeEvent(kafkaHeaders: headers.map { ($0.key, $0.stringValue ?? "") }, value: value)
    }
}

/// The outcomes of a run, grouped per call.
struct OutcomeLedger {
    let events: [OutcomeEvent]

    init(_ records: [KafkaRecord]) throws {
        events = try records.map { try $0.outcomeEvent() }
    }

    /// The decision outcomes (redirected, failed, expired, ignored) per call id.
    var finalsByCall: [String: [OutcomeEvent]] {
        Dictionary(grouping: events.filter { $0.type.isFinal }, by: \.outcome.callID)
    }

    /// Calls among `callIDs` without any decision outcome.
    func missing(_ callIDs: some Sequence<String>) -> [String] {
        let finals = finalsByCall
        return callIDs.filter { finals[$0] == nil }
    }

    /// Calls with decision outcomes that are not all the same event (id and type): a call decided twice.
    var decidedTwice: [String: [OutcomeEvent]] {
        finalsByCall.filter { _, events in Set(events.map { "\($0.id) \($0.type.rawValue)" }).count > 1 }
    }

    /// How many decision outcomes (distinct calls) of each type.
    var finalCounts: [OutcomeType: Int] {
        var counts: [OutcomeType: Int] = [:]
        for (_, events) in finalsByCall {
            if let first = events.first { counts[first.type, default: 0] += 1 }
        }
        return counts
    }
}
