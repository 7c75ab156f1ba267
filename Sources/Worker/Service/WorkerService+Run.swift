import Foundation
import CallModel
import Kafka
import Logging
import ServiceLifecycle

extension WorkerService {
    /// Consumes until graceful shutdown (or cancellation), then drains, commits and leaves the group.
    ///
    /// - Throws: A fatal ``KafkaError`` from the consumer; ``WorkerError`` when subscribing fails.
    public func run() async throws {
        try await checkCoPartitioning()
        do {
            try consumer.subscribe(topics: [configuration.notificationsTopic])
        } catch {
            throw WorkerError(code: .kafka, message: "cannot subscribe to \(configuration.notificationsTopic): \(error)")
        }
        lifecycle.markRunning()
        logger.info(
            "Worker consuming",
            metadata: [
                "kafka.topic": "\(configuration.notificationsTopic)",
                "worker.ordering": "\(configuration.ordering.rawValue)",
                "worker.max_in_flight": "\(configuration.maxInFlight)",
            ]
        )
        let failure = LockedFailure()
        await withDiscardingTaskGroup { group in
            group.addTask { await self.commitLoop() }
            group.addTask { await self.lagLoop() }
            group.addTask {
                do {
                    try await cancelWhenGracefulShutdown { try await self.intake() }
                } catch {
                    failure.set(error)
                    self.logger.error("Consuming failed; stopping the worker", metadata: ["error": "\(error)"])
                }
                await self.stop()
            }
            for await item in jobs {
                group.addTask { await self.execute(item) }
            }
            // Everything left (the periodic loops, calls past the drain timeout) is given up.
            group.cancelAll()
        }
        let drained = ContinuousClock.now
        await consumer.close()
        // Hand-off time: from the stop signal until the group no longer waits for this member (LeaveGroup
        // sent by the close; a static member sends none, and its partitions wait for the session timeout).
        if let since = lifecycle.stoppingSince {
            let handOff = ContinuousClock.now - since
            metrics.handOff.recordNanoseconds(max(0, Int64(handOff.timeInterval * 1e9)))
            logger.info(
                "Worker left the consumer group",
                metadata: [
                    "worker.hand_off_seconds": "\(Self.seconds(handOff))",
                    "worker.drain_seconds": "\(Self.seconds(drained - since))",
                    "worker.close_seconds": "\(Self.seconds(ContinuousClock.now - drained))",
                ])
        }
        logger.info("Worker stopped")
        if let error = failure.error { throw error }
    }

    /// Refuses to start when the notifications and outcomes topics have different partition counts: the
    /// call ledger of notifications partition p is rebuilt from outcomes partition p, so with other counts a
    /// new owner would not see a call's earlier outcome and could redirect it twice. A cluster that cannot
    /// answer now, or a topic that does not exist yet, is logged and not waited for.
    func checkCoPartitioning() async throws {
        let counts: [String: Int]
        do {
            counts = try await history.partitionCounts(topics: [configuration.notificationsTopic, configuration.outcomesTopic])
        } catch {
            logger.warning(
                "Could not read the topics' partition counts to check co-partitioning; starting anyway",
                metadata: ["error": "\(error)"])
            return
        }
        let notifications = counts[configuration.notificationsTopic]
        let outcomes = counts[configuration.outcomesTopic]
        guard let notifications, let outcomes else {
            logger.warning(
                "A topic the worker uses does not exist yet; create the topics with switchboard topics apply",
                metadata: ["kafka.topic": "\(notifications == nil ? configuration.notificationsTopic : configuration.outcomesTopic)"])
            return
        }
        guard notifications == outcomes else {
            throw WorkerError(
                code: .invalidConfiguration,
                message: "\(configuration.notificationsTopic) has \(notifications) partitions but \(configuration.outcomesTopic) has "
                    + "\(outcomes); the worker rebuilds which calls are decided from the same partition of the outcomes topic, "
                    + "so both need the same count (switchboard topics check reports it)")
        }
    }

    /// Pulls records while fewer than `maxInFlight` are held; registers each in its partition's offset
    /// tracker and its key's queue, and starts it when it is the head of its key.
    func intake() async throws {
        while !Task.isCancelled {
            await work.waitForCapacity()
            guard !Task.isCancelled, let record = try await consumer.nextRecord() else { return }
            let (key, parsed) = schedulingKey(for: record)
            switch work.register(
                key: key, partition: record.partition, offset: record.offset,
                payload: PendingRecord(record: record, parsed: parsed))
            {
            case .start(let item):
                jobsContinuation.yield(item)
            case .queued:
                break
            case .notAssigned:
                metrics.skipped("stale_assignment")
            case .replay:
                metrics.skipped("replay")
            }
        }
    }

    /// The key that orders a record: the record key (the call id the ingress found), else the call
    /// id in the body, else the record alone.
    func schedulingKey(for record: KafkaRecord) -> (SchedulingKey, Result<CommsNotifications, NotificationParseError>?) {
        switch configuration.ordering {
        case .partition:
            return (.partition(record.partition), nil)
        case .key:
            if let key = record.key, !key.isEmpty {
                return (.key(partition: record.partition, bytes: key), nil)
            }
            let parsed = Result { () throws(NotificationParseError) in try NotificationParser.parse(record.value) }
            if case .success(let notifications) = parsed, let callID = notifications.value.first?.callID, !callID.isEmpty {
                return (.key(partition: record.partition, bytes: Array(callID.utf8)), parsed)
            }
            return (.record(partition: record.partition, offset: record.offset), parsed)
        }
    }

    /// Handles an item and then, in the same task, each next record of its key.
    func execute(_ first: InFlightWork<PendingRecord>.Item) async {
        var next: InFlightWork<PendingRecord>.Item? = first
        while let item = next {
            let completion = await processor.process(
                item.payload.record, parsed: item.payload.parsed, generation: item.generation)
            // An abandoned record stays unfinished: its offset is never committed past.
            guard completion == .finished else { return }
            next = work.complete(item)
        }
    }

    /// Stops taking work, lets running calls finish (bounded), commits, and ends the job stream.
    func stop() async {
        lifecycle.markStopping()
        metrics.ready.record(0)
        let partitions = work.assignedPartitions
        let offsets = await rebalance.drainAndRelease(partitions, reason: "shutdown")
        if !lifecycle.isCrashed {
            await commit(offsets)
        }
        jobsContinuation.finish()
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", duration.timeInterval)
    }

    /// Simulates a process crash for tests: no draining, no further commits; the group moves the
    /// partitions on without the offsets this worker finished since its last commit.
    func crash() {
        lifecycle.markCrashed()
        jobsContinuation.finish()
    }
}
