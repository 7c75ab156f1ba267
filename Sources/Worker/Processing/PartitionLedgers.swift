import CallModel
import Foundation
import Synchronization

/// The call ledger of every assigned partition, each tied to the assignment that rebuilt it.
final class PartitionLedgers: Sendable {
    typealias Ledger = CallLedger<RecordedOutcome>

    private let ledgers = Mutex<[Int32: (generation: UInt64, ledger: Ledger)]>([:])
    private let timeToLive: Duration
    private let maxEntries: Int

    /// Creates the ledgers with the bounds each partition's ledger gets.
    init(timeToLive: Duration, maxEntriesPerPartition: Int) {
        self.timeToLive = timeToLive
        self.maxEntries = maxEntriesPerPartition
    }

    /// An empty ledger with the configured bounds, for a rebuild to fill.
    func makeLedger() -> Ledger {
        Ledger(timeToLive: timeToLive, maxEntries: maxEntries)
    }

    /// Installs a rebuilt ledger for an assignment of `partition`.
    func install(_ ledger: Ledger, partition: Int32, generation: UInt64) {
        ledgers.withLock { $0[partition] = (generation, ledger) }
    }

    /// Drops the ledgers of released partitions.
    func remove(_ partitions: [Int32]) {
        ledgers.withLock { ledgers in
            for partition in partitions { ledgers[partition] = nil }
        }
    }

    /// How the notification at `offset` (item `item` of its record) naming `callID` relates to the stored
    /// outcomes of its partition. `nil` when the partition's assignment `generation` no longer holds it.
    func verdict(callID: String, partition: Int32, generation: UInt64, offset: Int64, item: Int = 0, now: Date)
        -> Ledger.Verdict?
    {
        // Mutated through optional chaining so the ledger is changed in place, never copied.
        ledgers.withLock { ledgers in
            guard ledgers[partition]?.generation == generation else { return nil }
            ledgers[partition]?.ledger.evictExpired(now: now)
            return ledgers[partition]?.ledger.verdict(callID: callID, offset: offset, item: item)
        }
    }

    /// Whether the assignment `generation` of `partition` is still this worker's.
    func owns(partition: Int32, generation: UInt64) -> Bool {
        ledgers.withLock { $0[partition]?.generation == generation }
    }

    /// The final outcome known for `callID` in `partition`, else its `attempting` marker.
    func latest(callID: String, partition: Int32, generation: UInt64) -> RecordedOutcome? {
        ledgers.withLock { ledgers in
            guard ledgers[partition]?.generation == generation else { return nil }
            return ledgers[partition]?.ledger.latest(callID: callID)
        }
    }

    /// Remembers a published outcome for `callID` from the notification at `offset` (item `item`).
    func record(
        _ outcome: RecordedOutcome, callID: String, partition: Int32, generation: UInt64, offset: Int64?, item: Int = 0
    ) {
        ledgers.withLock { ledgers in
            guard ledgers[partition]?.generation == generation else { return }
            if outcome.type == .attempting {
                ledgers[partition]?.ledger.recordAttempting(callID: callID, marker: outcome, storedAt: outcome.time)
                return
            }
            ledgers[partition]?.ledger.record(
                callID: callID,
                offset: offset,
                item: item,
                final: outcome.type.isFinal ? outcome : nil,
                storedAt: outcome.time
            )
        }
    }
}
