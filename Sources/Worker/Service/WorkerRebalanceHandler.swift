import Foundation
import Kafka
import Logging

/// The worker's side of consumer-group rebalances.
///
/// On assignment each partition's call ledger is rebuilt (in parallel) before any of its records
/// runs; on revocation new work of the partitions stops, queued records are dropped uncommitted,
/// running calls get up to `drainTimeout` to finish, and the lowest unfinished offsets are returned
/// for the consumer to commit before it lets the partitions go.
final class WorkerRebalanceHandler: KafkaRebalanceListener {
    let configuration: WorkerConfiguration
    let work: InFlightWork<PendingRecord>
    let ledgers: PartitionLedgers
    let rebuild: CallLedgerRebuild
    let lifecycle: WorkerLifecycle
    /// Where started items go to run.
    let start: @Sendable ([InFlightWork<PendingRecord>.Item]) -> Void
    let metrics: WorkerMetrics
    let logger: Logger

    init(
        configuration: WorkerConfiguration,
        work: InFlightWork<PendingRecord>,
        ledgers: PartitionLedgers,
        rebuild: CallLedgerRebuild,
        lifecycle: WorkerLifecycle,
        start: @escaping @Sendable ([InFlightWork<PendingRecord>.Item]) -> Void,
        metrics: WorkerMetrics,
        logger: Logger
    ) {
        self.configuration = configuration
        self.work = work
        self.ledgers = ledgers
        self.rebuild = rebuild
        self.lifecycle = lifecycle
        self.start = start
        self.metrics = metrics
        self.logger = logger
    }

    func partitionsAssigned(_ partitions: [KafkaTopicPartition]) async {
        let mine = partitions.filter { $0.topic == configuration.notificationsTopic }.map(\.partition)
        guard !mine.isEmpty, !lifecycle.isStopping else { return }
        metrics.rebalance("assigned")
        let assigned = work.assign(mine)
        await withTaskGroup(of: Void.self) { group in
            for (partition, generation) in assigned {
                group.addTask {
                    let ledger = await self.rebuild.rebuild(partition: partition)
                    self.ledgers.install(ledger, partition: partition, generation: generation)
                    self.start(self.work.open(partition: partition, generation: generation))
                }
            }
        }
        lifecycle.markAssigned()
        if !lifecycle.isStopping { metrics.ready.record(1) }
        logger.info("Partitions assigned and ready", metadata: ["kafka.partitions": "\(mine.sorted())"])
    }

    func partitionsRevoked(_ partitions: [KafkaTopicPartition], lost: Bool) async -> [KafkaTopicPartition: Int64] {
        let mine = partitions.filter { $0.topic == configuration.notificationsTopic }.map(\.partition)
        guard !mine.isEmpty else { return [:] }
        metrics.rebalance(lost ? "lost" : "revoked")
        let offsets = await drainAndRelease(mine, reason: lost ? "lost" : "revoked")
        guard !lifecycle.isCrashed else { return [:] }
        var result: [KafkaTopicPartition: Int64] = [:]
        for (partition, offset) in offsets {
            result[KafkaTopicPartition(topic: configuration.notificationsTopic, partition: partition)] = offset
        }
        return result
    }

    /// Stops new work of `partitions`, waits (bounded) for running work, and releases them.
    ///
    /// - Returns: the committable offset of each released partition.
    func drainAndRelease(_ partitions: [Int32], reason: String) async -> [Int32: Int64] {
        let held = Set(work.assignedPartitions)
        let partitions = partitions.filter(held.contains)
        guard !partitions.isEmpty else { return [:] }
        let dropped = work.beginRevoke(partitions)
        let drained = lifecycle.isCrashed
            ? false : await work.waitUntilDrained(partitions, timeout: configuration.drainTimeout)
        let offsets = work.release(partitions)
        ledgers.remove(partitions)
        lifecycle.forget(partitions)
        metrics.forgetLag(partitions)
        let metadata: Logger.Metadata = [
            "kafka.partitions": "\(partitions.sorted())",
            "worker.dropped_queued": "\(dropped)",
            "worker.drained": "\(drained)",
            "kafka.offsets": "\(offsets.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })",
            "reason": "\(reason)",
        ]
        if drained {
            logger.info("Partitions released", metadata: metadata)
        } else {
            logger.warning("Partitions released with calls still running; their records stay uncommitted", metadata: metadata)
        }
        return offsets
    }
}
