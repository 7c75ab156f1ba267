import DequeModule

/// The offsets of one partition that were handed to the worker, and which of them are finished.
///
/// The committable offset is the lowest offset not yet finished (or one past the last registered
/// offset when every registered record is finished), so committing it never skips unfinished work:
/// after a crash the group re-delivers from there. Records finish in any order; registration and
/// finishing are O(1) amortised (a ticket indexes the deque directly, finished heads are popped).
struct OffsetTracker: Sendable {
    /// Identifies one registered offset; returned by ``register(_:)`` and passed to ``finish(_:)``.
    struct Ticket: Sendable, Hashable {
        fileprivate let sequence: Int
    }

    private struct Slot: Sendable {
        var offset: Int64
        var finished: Bool
    }

    /// Registered offsets from the oldest unfinished one on, in registration (= offset) order.
    private var slots: Deque<Slot> = []
    /// The sequence number of `slots.first`.
    private var headSequence = 0
    /// The last offset registered, if any.
    private(set) var lastRegistered: Int64?

    /// Creates an empty tracker.
    init() {}

    /// How many registered offsets are not finished yet, or finished behind an unfinished one.
    var pendingCount: Int { slots.count }

    /// Whether `offset` would move the tracker forward; an offset at or below the last registered
    /// one is a replay of something this tracker already holds.
    func accepts(_ offset: Int64) -> Bool {
        guard let lastRegistered else { return true }
        return offset > lastRegistered
    }

    /// Registers the next offset handed out for this partition.
    ///
    /// - Precondition: `accepts(offset)`; offsets of a partition arrive in increasing order.
    mutating func register(_ offset: Int64) -> Ticket {
        precondition(accepts(offset), "offset \(offset) registered after \(lastRegistered ?? -1)")
        slots.append(Slot(offset: offset, finished: false))
        lastRegistered = offset
        return Ticket(sequence: headSequence + slots.count - 1)
    }

    /// Marks a registered offset finished; returns whether the committable offset moved.
    ///
    /// - Precondition: the ticket came from this tracker and was not finished before.
    @discardableResult
    mutating func finish(_ ticket: Ticket) -> Bool {
        let index = ticket.sequence - headSequence
        precondition(index >= 0 && index < slots.count && !slots[index].finished, "ticket finished twice")
        slots[index].finished = true
        guard index == 0 else { return false }
        while let first = slots.first, first.finished {
            slots.removeFirst()
            headSequence += 1
        }
        return true
    }

    /// The offset to commit: the lowest unfinished offset, or one past the last registered offset
    /// when all are finished; `nil` when nothing was registered.
    var committable: Int64? {
        if let first = slots.first { return first.offset }
        return lastRegistered.map { $0 + 1 }
    }
}
