import CallModel
import Foundation
import Kafka
import Logging

/// Rebuilds a newly assigned partition's call ledger from the recent outcomes of the same partition
/// of the outcomes topic (co-partitioned with the notifications: same partition count, same key).
///
/// **Range.** Outcomes are read from the first one stamped at or after `now − outcomeLookback` up to
/// the high watermark. That is enough to stop every second redirect: a notification can only be
/// redirected while it is inside its window, so `receivedAt > now − window`; any earlier notification
/// of the same call was received inside the same call's window, so at most one window before, and
/// its outcome was written after it. Every outcome that can still prevent a redirect is therefore
/// younger than two windows (30 s) plus clock skew between hosts; the default lookback of 2 min
/// leaves 90 s for skew. Older outcomes can only turn a late duplicate's `expired` into `duplicate`,
/// which is not worth reading minutes of history for. The read covers this range whatever the rate, in
/// chunks streamed into the ledger (bounded in memory by the ledger's limits); only on a broker that
/// cannot look offsets up by time is it bounded in count instead (`rebuildMaxRecords`, the newest).
///
/// **Failure.** A read that fails is retried with backoff for up to ``rebuildDeadline``; after that
/// the partition opens with what could be read (possibly nothing) and an error is logged, because
/// holding every call of the partition back would miss all their windows. A second redirect of a
/// call Graph already redirected is refused by Graph (the call is no longer incoming) and becomes a
/// `failed` outcome with the same event id.
struct CallLedgerRebuild: Sendable {
    let history: any PartitionHistoryReading
    let configuration: WorkerConfiguration
    let ledgers: PartitionLedgers
    let metrics: WorkerMetrics
    let now: @Sendable () -> Date
    /// How long a rebuild may keep retrying before the partition opens without it.
    let rebuildDeadline: Duration
    let logger: Logger

    /// Reads the partition's recent outcomes into a fresh ledger.
    func rebuild(partition: Int32) async -> PartitionLedgers.Ledger {
        var logger = logger
        logger[metadataKey: "kafka.partition"] = "\(partition)"
        let clock = ContinuousClock()
        let giveUp = clock.now + rebuildDeadline
        var backoff = configuration.produceRetryBackoff
        while true {
            do {
                let started = clock.now
                let (ledger, count, start) = try await readLedger(partition: partition)
                metrics.ledgerRebuild("success")
                logger.info(
                    "Call ledger rebuilt from recent outcomes",
                    metadata: [
                        "ledger.outcomes": "\(count)", "ledger.calls": "\(ledger.count)", "ledger.from_offset": "\(start)",
                        "duration": "\(clock.now - started)",
                    ]
                )
                return ledger
            } catch {
                guard clock.now + backoff < giveUp, !Task.isCancelled else {
                    metrics.ledgerRebuild("failed")
                    logger.error(
                        "Could not rebuild the call ledger; the partition opens without it, so a call redirected by its previous owner may be tried again (Graph refuses it)",
                        metadata: ["error": "\(error)"]
                    )
                    return ledgers.makeLedger()
                }
                logger.warning("Reading recent outcomes failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, configuration.produceRetryMaxBackoff)
            }
        }
    }

    private func readLedger(partition: Int32) async throws -> (PartitionLedgers.Ledger, count: Int, start: Int64) {
        let topic = configuration.outcomesTopic
        let since = now().addingTimeInterval(-configuration.outcomeLookback.timeInterval)
        let sinceMilliseconds = Int64((since.timeIntervalSince1970 * 1000).rounded(.down))
        let (low, high) = try await history.watermarks(topic: topic, partition: partition)
        guard high > low else { return (ledgers.makeLedger(), 0, high) }
        var start = try await history.offset(forTimestamp: sinceMilliseconds, topic: topic, partition: partition)
        var byTime = true
        if start >= high {
            // "Nothing that recent": check the newest record, because a broker that cannot look up
            // timestamps (librdkafka 2.0.2's mock) answers the end for every time.
            let newest = try await history.read(topic: topic, partition: partition, from: high - 1, until: high)
            if let stamp = newest.first?.timestamp?.milliseconds, stamp >= sinceMilliseconds {
                logger.debug("The broker cannot look up offsets by time; reading the tail of the partition")
                start = low
                byTime = false
            }
        }
        // By time, the whole lookback is read, however many outcomes it holds; without a lookup by time
        // only the newest `rebuildMaxRecords`.
        start = byTime ? max(start, low) : max(start, low, high - Int64(configuration.rebuildMaxRecords))
        // Read in chunks straight into the ledger, so memory stays bounded by the ledger's own limits.
        var ledger = ledgers.makeLedger()
        var count = 0
        var next = start
        while next < high {
            let end = min(high, next + Int64(Self.chunkRecords))
            let records = try await history.read(topic: topic, partition: partition, from: next, until: end)
            for record in records {
                add(record, to: &ledger, partition: partition)
            }
            count += records.count
            // Offsets may have gaps (compaction, transaction markers): move past the chunk either way.
            next = max(end, (records.last?.offset ?? next) + 1)
        }
        ledger.evictExpired(now: now())
        return (ledger, count, start)
    }

    /// Records per read while rebuilding; each chunk goes into the ledger before the next is read.
    static let chunkRecords = 5_000

    /// Adds one record of the outcomes topic to the ledger being rebuilt.
    private func add(_ record: KafkaRecord, to ledger: inout PartitionLedgers.Ledger, partition: Int32) {
        let headers = record.headers.map { (key: $0.key, value: $0.stringValue ?? "") }
        guard let event = try? OutcomeEvent(kafkaHeaders: headers, value: record.value) else {
            logger.debug("Skipping a record of the outcomes topic that is not an outcome", metadata: ["kafka.offset": "\(record.offset)"])
            return
        }
        let source = event.outcome.source
        let fromThisPartition =
            source?.topic == configuration.notificationsTopic && source?.partition == Int(partition)
        if event.type == .attempting {
            ledger.recordAttempting(callID: event.outcome.callID, marker: RecordedOutcome(event), storedAt: event.time)
            return
        }
        ledger.record(
            callID: event.outcome.callID,
            offset: fromThisPartition ? source?.offset : nil,
            item: source?.item ?? 0,
            final: event.type.isFinal ? RecordedOutcome(event) : nil,
            storedAt: event.time
        )
    }
}
