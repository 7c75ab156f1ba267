/// The deadlines of sends waiting for their delivery report, earliest first (a binary min-heap).
///
/// The producer's poll thread sleeps until the earliest deadline; entries of sends that completed
/// in time are not removed when they complete but dropped when they reach the top, so a send pays
/// one O(log n) insertion and one O(log n) removal, and no timer.
struct DeadlineHeap {
    struct Entry: Hashable {
        var deadline: ContinuousClock.Instant
        /// The send's id (the record's opaque).
        var id: UInt64
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    var count: Int { entries.count }

    /// The earliest entry.
    var first: Entry? { entries.first }

    mutating func insert(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(entries[child], entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry.
    @discardableResult
    mutating func removeFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let earliest = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, Self.precedes(entries[left], entries[smallest]) { smallest = left }
            if right < entries.count, Self.precedes(entries[right], entries[smallest]) { smallest = right }
            guard smallest != parent else { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return earliest
    }

    mutating func removeAll() {
        entries.removeAll()
    }

    private static func precedes(_ lhs: Entry, _ rhs: Entry) -> Bool {
        lhs.deadline < rhs.deadline || (lhs.deadline == rhs.deadline && lhs.id < rhs.id)
    }
}
