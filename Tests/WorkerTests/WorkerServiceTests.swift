import CallModel
import Foundation
import Graph
import Kafka
import Testing

@testable import Worker

@Suite("Worker service over fakes")
struct WorkerServiceTests {
    let rules: RoutingRules

    init() throws {
        rules = try NotificationRecords.seedRules()
    }

    /// Graph answers every call at once, except `slow`, which it holds until released.
    static func redirector(holding slowCallID: String, until release: LockedBox<Bool>) -> FakeRedirector {
        FakeRedirector { call in
            if call.callID == slowCallID {
                while !release.value { try? await Task.sleep(for: .milliseconds(5)) }
            }
            return FakeRedirector.accepted()
        }
    }

    @Test("a slow call does not delay 100 other calls of its partition, and holds back only the commit")
    func noHeadOfLineBlocking() async throws {
        let release = LockedBox(false)
        let harness = try WorkerHarness(rules: rules, redirector: Self.redirector(holding: "slow", until: release))
        try await harness.run { _ in
            await harness.consumer.assign([WorkerHarness.partition(0)])
            var records = [try harness.incoming(callID: "slow", offset: 0)]
            for index in 1...100 { records.append(try harness.incoming(callID: "call-\(index)", offset: Int64(index))) }
            harness.consumer.append(records)

            #expect(await eventually { harness.outcomes.count == 100 }, "the 100 fast calls finish while the slow one runs")
            #expect(!harness.outcomes.contains { $0.outcome.callID == "slow" })
            try await Task.sleep(for: .milliseconds(120))
            #expect((harness.consumer.lastCommitted(WorkerHarness.partition(0)) ?? 0) == 0, "offset 0 is not finished")

            release.value = true
            #expect(await eventually { harness.outcomes.count == 101 })
            #expect(await eventually { harness.consumer.lastCommitted(WorkerHarness.partition(0)) == 101 })
        }
    }

    @Test("partition ordering (the baseline) runs one record of a partition at a time")
    func partitionOrdering() async throws {
        let release = LockedBox(false)
        let harness = try WorkerHarness(
            configuration: WorkerConfiguration(ordering: .partition, commitInterval: .milliseconds(50)),
            rules: rules, redirector: Self.redirector(holding: "slow", until: release))
        try await harness.run { _ in
            await harness.consumer.assign([WorkerHarness.partition(0)])
            harness.consumer.append([try harness.incoming(callID: "slow", offset: 0), try harness.incoming(callID: "fast", offset: 1)])
            try await Task.sleep(for: .milliseconds(200))
            #expect(harness.outcomes.isEmpty, "the fast call waits behind the slow one")
            release.value = true
            #expect(await eventually { harness.outcomes.map(\.outcome.callID) == ["slow", "fast"] })
        }
    }

    @Test("intake stops pulling records at the in-flight bound")
    func backPressure() async throws {
        let release = LockedBox(false)
        let harness = try WorkerHarness(
            configuration: WorkerConfiguration(maxInFlight: 8, commitInterval: .milliseconds(50)),
            rules: rules,
            redirector: FakeRedirector { _ in
                while !release.value { try? await Task.sleep(for: .milliseconds(5)) }
                return FakeRedirector.accepted()
            })
        try await harness.run { _ in
            await harness.consumer.assign([WorkerHarness.partition(0)])
            harness.consumer.append(try (0..<50).map { try harness.incoming(callID: "call-\($0)", offset: Int64($0)) })
            // Wait for the bound to fill (a loaded machine may take seconds), then give intake time to
            // overreach it: it must not.
            #expect(await eventually(timeout: .seconds(60)) { harness.worker.load.held == 8 })
            try await Task.sleep(for: .milliseconds(200))
            #expect(harness.consumer.pulled == 8)
            #expect(harness.worker.load.held == 8)
            release.value = true
            #expect(await eventually { harness.outcomes.count == 50 })
        }
    }

    @Test("records of one call run in offset order: the second notification sees the first's outcome")
    func orderPerCall() async throws {
        let harness = try WorkerHarness(rules: rules)
        try await harness.run { _ in
            await harness.consumer.assign([WorkerHarness.partition(0)])
            harness.consumer.append([try harness.incoming(callID: "same", offset: 0), try harness.incoming(callID: "same", offset: 1)])
            #expect(await eventually { harness.outcomes.count == 2 })
            #expect(harness.outcomes.map(\.type) == [.redirected, .duplicate])
            #expect(harness.redirector.received.count == 1)
        }
    }

    @Test("records without a key are ordered by the call id in their body")
    func unkeyedRecordsOrderedByCallID() async throws {
        let release = LockedBox(false)
        let harness = try WorkerHarness(rules: rules, redirector: Self.redirector(holding: "slow", until: release))
        try await harness.run { _ in
            await harness.consumer.assign([WorkerHarness.partition(0)])
            func unkeyed(_ callID: String, _ offset: Int64) throws -> KafkaRecord {
                var record = try harness.incoming(callID: callID, offset: offset)
                record.key = nil
                return record
            }
            harness.consumer.append([try unkeyed("slow", 0), try unkeyed("slow", 1), try unkeyed("fast", 2)])
            #expect(await eventually { harness.outcomes.map(\.outcome.callID) == ["fast"] }, "other calls are not held back")
            release.value = true
            #expect(await eventually { harness.outcomes.count == 3 })
            #expect(harness.outcomes.filter { $0.outcome.callID == "slow" }.map(\.type) == [.redirected, .duplicate])
        }
    }

    @Test("a revoke waits for running calls, drops queued ones, and returns the lowest unfinished offset")
    func revokeDrains() async throws {
        let release = LockedBox(false)
        let harness = try WorkerHarness(rules: rules, redirector: Self.redirector(holding: "slow", until: release))
        try await harness.run { _ in
            let partition = WorkerHarness.partition(0)
            await harness.consumer.assign([partition])
            harness.consumer.append([
                try harness.incoming(callID: "fast", offset: 10),
                try harness.incoming(callID: "slow", offset: 11),
                try harness.incoming(callID: "slow", offset: 12),  // queued behind 11
            ])
            #expect(await eventually { harness.outcomes.count == 1 })

            let revoke = Task { await harness.consumer.revoke([partition]) }
            try await Task.sleep(for: .milliseconds(100))
            release.value = true
            let offsets = await revoke.value
            #expect(offsets == [partition: 12], "11 finished during the drain; 12 was dropped uncommitted")
            #expect(harness.outcomes.map(\.outcome.callID) == ["fast", "slow"])
        }
    }

    @Test("a call still running when the drain bound passes is given up: its offset is not committed, and it publishes nothing once the partition is gone")
    func revokeTimeout() async throws {
        let release = LockedBox(false)
        let harness = try WorkerHarness(
            configuration: WorkerConfiguration(drainTimeout: .milliseconds(100), commitInterval: .milliseconds(50)),
            rules: rules, redirector: Self.redirector(holding: "slow", until: release))
        try await harness.run { _ in
            let partition = WorkerHarness.partition(0)
            await harness.consumer.assign([partition])
            harness.consumer.append([try harness.incoming(callID: "slow", offset: 5), try harness.incoming(callID: "after", offset: 6)])
            #expect(await eventually { harness.outcomes.count == 1 })
            #expect(await harness.consumer.revoke([partition]) == [partition: 5])

            release.value = true
            try await Task.sleep(for: .milliseconds(120))
            // The partition's next owner decides the call (its `attempting` marker says Graph may have acted);
            // two owners must not publish different final outcomes.
            #expect(harness.outcomes.map(\.outcome.callID) == ["after"], "the late finisher publishes nothing")
            #expect(harness.attemptMarkers.map(\.outcome.callID).contains("slow"))
            #expect(harness.consumer.commits.allSatisfy { $0[partition].map { $0 <= 5 } ?? true }, "a late finisher moves nothing")
        }
    }

    @Test("before the first assignment the worker is not ready; after it, it is")
    func readiness() async throws {
        let harness = try WorkerHarness(rules: rules)
        #expect(!harness.worker.readiness.isReady)
        try await harness.run { _ in
            #expect(await eventually { harness.worker.readiness.detail.contains("assignment") })
            #expect(!harness.worker.readiness.isReady)
            #expect(Self.metricsText(harness).contains("switchboard_worker_ready 0"))
            await harness.consumer.assign([WorkerHarness.partition(0)])
            #expect(harness.worker.readiness.isReady)
            #expect(Self.metricsText(harness).contains("switchboard_worker_ready 1"))
        }
        #expect(Self.metricsText(harness).contains("switchboard_worker_ready 0"), "not ready once stopping")
    }

    static func metricsText(_ harness: WorkerHarness) -> String {
        String(decoding: harness.registry.emitToBuffer(), as: UTF8.self)
    }

    @Test("graceful shutdown lets running calls finish and commits their offsets")
    func gracefulShutdown() async throws {
        let release = LockedBox(false)
        let harness = try WorkerHarness(
            configuration: WorkerConfiguration(commitInterval: .seconds(60)),
            rules: rules, redirector: Self.redirector(holding: "slow", until: release))
        try await harness.run { group in
            await harness.consumer.assign([WorkerHarness.partition(0)])
            harness.consumer.append([try harness.incoming(callID: "slow", offset: 0)])
            #expect(await eventually { harness.redirector.received.count == 1 })
            Task {
                try await Task.sleep(for: .milliseconds(100))
                release.value = true
            }
        }
        #expect(harness.outcomes.map(\.type) == [.redirected])
        #expect(harness.consumer.lastCommitted(WorkerHarness.partition(0)) == 1)
    }

    @Test("a new owner rebuilds the partition's outcomes and does not redirect a call that has one")
    func rebuildAfterReassignment() async throws {
        let harness = try WorkerHarness(rules: rules)
        // The previous owner redirected call "done" (notification at offset 3) and stored its outcome,
        // but crashed before committing offset 3.
        let previous = OutcomeEvent(
            outcome: CallOutcome(
                type: .redirected, callID: "done",
                timings: OutcomeTimings(receivedAt: harness.clock.now, finishedAt: harness.clock.now),
                source: OutcomeSource(topic: NotificationRecords.topic, partition: 0, offset: 3)))
        harness.history.append(
            KafkaRecord(
                topic: harness.configuration.outcomesTopic, partition: 0, offset: 0, key: Array("done".utf8),
                value: previous.value(), headers: previous.kafkaHeaders().map { KafkaHeader(key: $0.key, string: $0.value) },
                timestamp: KafkaTimestamp(milliseconds: Int64(harness.clock.now.timeIntervalSince1970 * 1000), kind: .createTime)),
            partition: 0)
        try await harness.run { _ in
            await harness.consumer.assign([WorkerHarness.partition(0)])
            harness.consumer.append([
                try harness.incoming(callID: "done", offset: 3),  // the very record: a replay
                try harness.incoming(callID: "done", offset: 4),  // a duplicate notification
                try harness.incoming(callID: "new", offset: 5),
            ])
            #expect(await eventually { harness.outcomes.count == 2 })
            try await Task.sleep(for: .milliseconds(50))
            #expect(harness.redirector.received.map(\.callID) == ["new"])
            #expect(Set(harness.outcomes.map(\.type)) == [.duplicate, .redirected])
            #expect(await eventually { harness.consumer.lastCommitted(WorkerHarness.partition(0)) == 6 })
        }
    }
}

@Suite("Ledger rebuild by time")
struct LedgerRebuildTests {
    @Test("a broker that looks offsets up by time has the whole lookback read, however many outcomes it holds")
    func wholeLookbackRead() async throws {
        let rules = try NotificationRecords.seedRules()
        // A count cap far below the outcomes of the lookback: it applies only without a lookup by time.
        let harness = try WorkerHarness(
            configuration: WorkerConfiguration(commitInterval: .milliseconds(50), rebuildMaxRecords: 5), rules: rules)
        for index in 0..<30 {
            let event = OutcomeEvent(
                outcome: CallOutcome(
                    type: .redirected, callID: "done-\(index)",
                    timings: OutcomeTimings(receivedAt: harness.clock.now, finishedAt: harness.clock.now),
                    source: OutcomeSource(topic: NotificationRecords.topic, partition: 0, offset: Int64(100 + index))))
            harness.history.append(
                KafkaRecord(
                    topic: harness.configuration.outcomesTopic, partition: 0, offset: Int64(index), key: Array("done-\(index)".utf8),
                    value: event.value(), headers: event.kafkaHeaders().map { KafkaHeader(key: $0.key, string: $0.value) },
                    timestamp: KafkaTimestamp(milliseconds: Int64(harness.clock.now.timeIntervalSince1970 * 1000), kind: .createTime)),
                partition: 0)
        }
        try await harness.run { _ in
            await harness.consumer.assign([WorkerHarness.partition(0)])
            // The oldest outcome of the 30: a cap of 5 records would have missed it.
            harness.consumer.append([try harness.incoming(callID: "done-0", offset: 200)])
            #expect(await eventually { harness.outcomes.count == 1 })
            #expect(harness.outcomes.map(\.type) == [.duplicate])
            #expect(harness.redirector.received.isEmpty)
        }
    }
}

@Suite("Worker start checks")
struct WorkerStartTests {
    @Test("a worker refuses to start when the notifications and outcomes topics have different partition counts")
    func coPartitioningRequired() async throws {
        let harness = try WorkerHarness(rules: try NotificationRecords.seedRules())
        harness.history.partitionCounts.value = [
            harness.configuration.notificationsTopic: 12, harness.configuration.outcomesTopic: 6,
        ]
        await #expect {
            try await harness.worker.run()
        } throws: { error in
            guard let error = error as? WorkerError else { return false }
            return error.code == .invalidConfiguration && error.message.contains("12 partitions") && error.message.contains("6")
        }
    }
}
