import DequeModule
import Foundation

/// What one partition knows about the calls it handled recently: each call's final outcome and the
/// records (by offset) whose outcomes are already stored.
///
/// Bounded by age and count: an entry older than `timeToLive` can no longer prevent a redirect,
/// because a notification that old is past its 15-second window and becomes `expired` anyway.
struct CallLedger<Outcome: Sendable>: Sendable {
    /// What the ledger holds for one call.
    struct Entry: Sendable {
        /// The first final outcome stored for the call, if any.
        var final: Outcome?
        /// Offsets (in this partition) of the records whose outcome for this call is stored.
        var sourceOffsets: [Int64]
    }

    /// What to do with a record that names a call, judged by the ledger.
    enum Verdict: Sendable {
        /// The ledger knows nothing that stops the record from being handled.
        case new
        /// This very record's outcome for the call is already stored (a replay after a crash or rebalance).
        case replay
        /// The call already has a final outcome from another record.
        case duplicate(of: Outcome)
    }

    private var entries: [String: Entry] = [:]
    /// Call ids in insertion order with their insertion time, for eviction.
    private var order: Deque<(callID: String, insertedAt: Date)> = []
    /// How long an entry is kept.
    let timeToLive: Duration
    /// The most entries kept; the oldest go first.
    let maxEntries: Int

    /// Creates an empty ledger.
    init(timeToLive: Duration, maxEntries: Int) {
        precondition(maxEntries > 0, "a ledger must hold at least one entry")
        self.timeToLive = timeToLive
        self.maxEntries = maxEntries
    }

    /// The number of calls held.
    var count: Int { entries.count }

    /// The entry of `callID`, if held.
    func entry(for callID: String) -> Entry? {
        entries[callID]
    }

    /// How a record at `offset` that names `callID` relates to what is stored.
    func verdict(callID: String, offset: Int64) -> Verdict {
        guard let entry = entries[callID] else { return .new }
        if entry.sourceOffsets.contains(offset) { return .replay }
        if let final = entry.final { return .duplicate(of: final) }
        return .new
    }

    /// Records that the outcome for `callID` from the record at `offset` is stored.
    ///
    /// - Parameters:
    ///   - offset: The record's offset in this partition; `nil` when the outcome came from a record
    ///     elsewhere (it then only blocks a second redirect).
    ///   - final: The outcome when it is a final one; the first final outcome of a call is kept.
    ///   - storedAt: When the outcome was stored; drives age-based eviction.
    mutating func record(callID: String, offset: Int64?, final: Outcome?, storedAt: Date) {
        if let index = entries.index(forKey: callID) {
            if let offset, !entries.values[index].sourceOffsets.contains(offset) {
                entries.values[index].sourceOffsets.append(offset)
            }
            if entries.values[index].final == nil { entries.values[index].final = final }
            return
        }
        entries[callID] = Entry(final: final, sourceOffsets: offset.map { [$0] } ?? [])
        order.append((callID, storedAt))
        while entries.count > maxEntries, let oldest = order.popFirst() {
            entries[oldest.callID] = nil
        }
    }

    /// Drops entries stored longer than `timeToLive` before `now`.
    mutating func evictExpired(now: Date) {
        let cutoff = now.addingTimeInterval(-timeToLive.timeInterval)
        while let oldest = order.first, oldest.insertedAt < cutoff {
            order.removeFirst()
            entries[oldest.callID] = nil
        }
    }
}

extension Duration {
    /// The duration in seconds, as Foundation measures intervals.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
