import CRdKafka
import Logging

extension ConsumerCore {
    /// The rebalance callback, on the poll thread (inside `rd_kafka_consumer_poll` or `rd_kafka_consumer_close`).
    ///
    /// Assignment: the partitions are assigned at once, but held back (paused, records withheld) until
    /// the listener's `partitionsAssigned` returns. Revocation: buffered records are dropped, the listener's
    /// `partitionsRevoked` runs while this thread waits (bounded by `rebalanceTimeout`), its offsets are
    /// committed synchronously, and only then are the partitions released.
    func rebalance(
        _ handle: OpaquePointer,
        _ event: rd_kafka_resp_err_t,
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        deliverPendingRecords()
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let partitions = TopicPartitionList.partitions(of: list)
        switch event {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            assign(partitions, list: list, cooperative: cooperative)
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            revoke(partitions, list: list, cooperative: cooperative, lost: rd_kafka_assignment_lost(handle) != 0)
        default:
            logger.error(
                "Kafka rebalance failed; giving up the whole assignment",
                metadata: ["kafka.error.code": "\(KafkaError.Code(event))"]
            )
            let all = state.withLock { $0.phases.keys.sorted() }
            revoke(all, list: list, cooperative: false, lost: true)
        }
    }

    private func assign(
        _ partitions: [KafkaTopicPartition],
        list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
        cooperative: Bool
    ) {
        // While closing, the partitions are taken only so the group can move on; no record is handed out.
        let announce = listener != nil && !state.withLock { $0.closeRequested }
        let epoch = state.withLock { $0.assign(partitions, announce: announce) }
        if cooperative {
            if let error = rd_kafka_incremental_assign(handle.pointer, list) {
                logger.error("Kafka incremental assign failed", metadata: ["kafka.error": "\(KafkaError.consuming(error))"])
            }
        } else if let error = KafkaError.from(rd_kafka_assign(handle.pointer, list), context: "assign") {
            logger.error("Kafka assign failed", metadata: ["kafka.error": "\(error)"])
        }
        reconcilePauses()
        logger.info(
            "Kafka partitions assigned",
            metadata: ["kafka.partitions": "\(partitions.map(\.description))", "kafka.protocol": "\(cooperative ? "cooperative" : "eager")"]
        )
        guard announce, let listener else { return }
        enqueueListenerCall { [self] in
            await listener.partitionsAssigned(partitions)
            if let (waiter, record) = state.withLock({ $0.activate(partitions, epoch: epoch) }) {
                waiter.resume(returning: .success(record))
            }
            pollThread.wake()
        }
    }

    private func revoke(
        _ partitions: [KafkaTopicPartition],
        list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
        cooperative: Bool,
        lost: Bool
    ) {
        let toAnnounce = state.withLock { $0.beginRevoke(partitions) }
        let offsets = listenerOffsets(for: toAnnounce, lost: lost)
        let revoked = Set(partitions)
        let committable = offsets.filter { revoked.contains($0.key) }.sorted { $0.key < $1.key }
        if lost && !committable.isEmpty {
            logger.warning(
                "Kafka partitions lost; the listener's offsets are not committed",
                metadata: ["kafka.partitions": "\(toAnnounce.map(\.description))"]
            )
        } else if !committable.isEmpty {
            TopicPartitionList.with(committable.map { ($0.key, $0.value) }) { commitList in
                let error = KafkaError.from(rd_kafka_commit(handle.pointer, commitList, 0), context: "committing revoked partitions")
                if let error = error ?? TopicPartitionList.firstError(of: commitList, operation: "commit") {
                    logger.error(
                        "Kafka commit of revoked partitions failed; their next owner re-reads from the last committed offset",
                        metadata: ["kafka.error": "\(error)"]
                    )
                } else {
                    logger.debug(
                        "Kafka committed revoked partitions",
                        metadata: ["kafka.offsets": "\(committable.map { "\($0.key)=\($0.value)" })"]
                    )
                }
            }
        }
        if cooperative {
            if let error = rd_kafka_incremental_unassign(handle.pointer, list) {
                logger.error("Kafka incremental unassign failed", metadata: ["kafka.error": "\(KafkaError.consuming(error))"])
            }
        } else if let error = KafkaError.from(rd_kafka_assign(handle.pointer, nil), context: "unassign") {
            logger.error("Kafka unassign failed", metadata: ["kafka.error": "\(error)"])
        }
        state.withLock { $0.finishRevoke(partitions) }
        reconcilePauses()
        logger.info(
            "Kafka partitions revoked",
            metadata: ["kafka.partitions": "\(partitions.map(\.description))", "kafka.lost": "\(lost)"]
        )
    }

    /// Runs the listener's `partitionsRevoked` and waits for it on this (poll) thread, at most `rebalanceTimeout`.
    private func listenerOffsets(for partitions: [KafkaTopicPartition], lost: Bool) -> [KafkaTopicPartition: Int64] {
        guard let listener, !partitions.isEmpty else { return [:] }
        let answer = BlockingResult<[KafkaTopicPartition: Int64]>()
        enqueueListenerCall {
            answer.set(await listener.partitionsRevoked(partitions, lost: lost))
        }
        guard let offsets = answer.wait(timeout: configuration.rebalanceTimeout) else {
            logger.error(
                "Kafka rebalance listener did not return within the rebalance timeout; releasing the partitions without its offsets",
                metadata: [
                    "kafka.partitions": "\(partitions.map(\.description))",
                    "kafka.rebalance_timeout": "\(configuration.rebalanceTimeout)",
                ]
            )
            return [:]
        }
        return offsets
    }
}
