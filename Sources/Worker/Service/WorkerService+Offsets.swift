import Kafka
import Logging

extension WorkerService {
    /// Commits the committable offsets every `commitInterval` until the worker stops.
    func commitLoop() async {
        while !lifecycle.isStopping {
            do {
                try await Task.sleep(for: configuration.commitInterval)
            } catch {
                return
            }
            guard !lifecycle.isStopping else { return }
            await commit(work.committableOffsets)
            metrics.inFlight.record(work.inFlight)
            metrics.held.record(work.held)
        }
    }

    /// Commits offsets that moved since the last commit. A failure (a rebalance in progress, a
    /// partition that just moved) is logged; the next commit or the revoke commits again.
    func commit(_ offsets: [Int32: Int64]) async {
        let changed = lifecycle.uncommitted(offsets)
        guard !changed.isEmpty, !lifecycle.isCrashed else { return }
        var request: [KafkaTopicPartition: Int64] = [:]
        for (partition, offset) in changed {
            request[KafkaTopicPartition(topic: configuration.notificationsTopic, partition: partition)] = offset
        }
        do {
            try await consumer.commit(request)
            lifecycle.recordCommitted(changed)
        } catch {
            logger.warning(
                "Committing offsets failed; they are committed again on the next interval or revoke",
                metadata: ["error": "\(error)", "kafka.offsets": "\(changed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"]
            )
        }
    }

    /// Measures consumer lag (high watermark − committed offset) per assigned partition every `lagInterval`,
    /// from the watermarks the consumer's fetches already carry (a partition not fetched yet is skipped).
    func lagLoop() async {
        while !lifecycle.isStopping {
            do {
                try await Task.sleep(for: configuration.lagInterval)
            } catch {
                return
            }
            let committed = lifecycle.committed
            for partition in work.assignedPartitions {
                let topicPartition = KafkaTopicPartition(topic: configuration.notificationsTopic, partition: partition)
                guard let high = consumer.fetchedHighWatermark(topicPartition) else { continue }
                metrics.lag(partition: partition, records: max(0, high - (committed[partition] ?? 0)))
            }
        }
    }
}
