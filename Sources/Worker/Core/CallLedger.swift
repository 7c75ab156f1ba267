import DequeModule
import Foundation

/// What one partition knows about the calls it handled recently: each call's final outcome, whether a
/// redirect was attempted without one, and the notifications (by offset and item) whose outcomes are
/// already stored.
///
/// Bounded by age and count: an entry older than `timeToLive` can no longer prevent a redirect,
/// because a notification that old is past its 15-second window and becomes `expired` anyway.
struct CallLedger<Outcome: Sendable>: Sendable {
    /// A notification: its record's offset in this partition and its index in the record's `value`.
    struct Position: Sendable, Hashable {
        var offset: Int64
        var item: Int
    }

    /// What the ledger holds for one call.
    struct Entry: Sendable {
        /// The first final outcome stored for the call, if any.
        var final: Outcome?
        /// The first `attempting` marker stored for the call: Graph may have been asked to redirect it.
        var attempting: Outcome?
        /// The notifications (in this partition) whose outcome for this call is stored.
        var sources: [Position]
    }

    /// What to do with a record that names a call, judged by the ledger.
    enum Verdict: Sendable {
        /// The ledger knows nothing that stops the record from being handled.
        case new
        /// This very record's outcome for the call is already stored (a replay after a crash or rebalance).
        case replay
        /// The call already has a final outcome from another record.
        case duplicate(of: Outcome)
        /// A redirect was attempted (this `attempting` marker was stored) but no final outcome followed:
        /// its worker stopped or lost the partition, and Graph may have redirected the call.
        case inDoubt(attempting: Outcome)
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

    /// How the notification at `offset` (item `item` of its record) that names `callID` relates to what is stored.
    func verdict(callID: String, offset: Int64, item: Int = 0) -> Verdict {
        guard let entry = entries[callID] else { return .new }
        if entry.sources.contains(Position(offset: offset, item: item)) { return .replay }
        if let final = entry.final { return .duplicate(of: final) }
        if let attempting = entry.attempting { return .inDoubt(attempting: attempting) }
        return .new
    }

    /// The final outcome stored for `callID`, else its `attempting` marker.
    func latest(callID: String) -> Outcome? {
        entries[callID].flatMap { $0.final ?? $0.attempting }
    }

    /// Records that the outcome for `callID` from the notification at `offset` (item `item`) is stored.
    ///
    /// - Parameters:
    ///   - offset: The record's offset in this partition; `nil` when the outcome came from a record
    ///     elsewhere (it then only blocks a second redirect).
    ///   - item: The notification's index in the record's `value`.
    ///   - final: The outcome when it is a final one; the first final outcome of a call is kept.
    ///   - storedAt: When the outcome was stored; drives age-based eviction.
    mutating func record(callID: String, offset: Int64?, item: Int = 0, final: Outcome?, storedAt: Date) {
        let position = offset.map { Position(offset: $0, item: item) }
        if let index = entries.index(forKey: callID) {
            if let position, !entries.values[index].sources.contains(position) {
                entries.values[index].sources.append(position)
            }
            if entries.values[index].final == nil { entries.values[index].final = final }
            return
        }
        insert(callID, Entry(final: final, attempting: nil, sources: position.map { [$0] } ?? []), storedAt: storedAt)
    }

    /// Records that an `attempting` marker for `callID` is stored: a redirect is about to reach Graph.
    /// It marks no notification as handled; only a final outcome does.
    mutating func recordAttempting(callID: String, marker: Outcome, storedAt: Date) {
        if let index = entries.index(forKey: callID) {
            if entries.values[index].attempting == nil { entries.values[index].attempting = marker }
            return
        }
        insert(callID, Entry(final: nil, attempting: marker, sources: []), storedAt: storedAt)
    }

    private mutating func insert(_ callID: String, _ entry: Entry, storedAt: Date) {
        entries[callID] = entry
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
