import DequeModule

/// The worker's bookkeeping of handed-out records, as a value-type state machine (kept behind one lock).
///
/// Every record handed out by the consumer is registered in its partition's ``OffsetTracker`` and
/// appended to the FIFO of its ``SchedulingKey``; only the head of a FIFO runs. A partition starts
/// *gated* (its outcome ledger is being rebuilt) and its records wait until it is opened. Methods
/// return the work to start; the caller starts it outside the lock.
///
/// States are changed in place through `Dictionary.Values` indices: copying a partition's state
/// out and writing it back would copy its deque on every record.
struct WorkScheduler<Payload: Sendable>: Sendable {
    /// One registered record.
    struct Item: Sendable {
        let key: SchedulingKey
        let partition: Int32
        let offset: Int64
        /// The assignment of the partition the record belongs to; a late finisher of an earlier
        /// assignment must not move anything.
        let generation: UInt64
        let ticket: OffsetTracker.Ticket
        let payload: Payload
    }

    /// The phase of an assigned partition.
    enum Phase: Sendable, Equatable {
        /// Records are held until the ledger of the partition is rebuilt.
        case gated
        /// Records run.
        case open
        /// Revoked: nothing new starts; in-flight work is being drained.
        case revoking
    }

    struct PartitionState: Sendable {
        var generation: UInt64
        var phase: Phase
        var tracker = OffsetTracker()
        /// Items started and not completed.
        var inFlight = 0
        /// The keys with a non-empty FIFO.
        var keys: Set<SchedulingKey> = []
    }

    struct KeyQueue: Sendable {
        var items: Deque<Item>
        var headStarted: Bool
    }

    /// What happened to a record handed to ``register(key:partition:offset:payload:)``.
    enum Registration: Sendable {
        /// Start it now.
        case start(Item)
        /// Held behind its key or its gated partition.
        case queued
        /// Its partition is not assigned (or is being revoked): the new owner gets it.
        case notAssigned
        /// Its offset is not past the last one registered for the partition: already held.
        case replay
    }

    // Internal (not private) so the revoke extension in WorkScheduler+Revoke.swift can update them.
    var partitions: [Int32: PartitionState] = [:]
    var queues: [SchedulingKey: KeyQueue] = [:]
    private var nextGeneration: UInt64 = 1
    /// Records registered and not completed (running, queued behind a key, or gated).
    var held = 0
    /// Records started and not completed, over all partitions.
    var inFlight = 0

    init() {}

    /// The generation of a partition's current assignment, if it is assigned.
    func generation(of partition: Int32) -> UInt64? {
        partitions[partition]?.generation
    }

    /// Assigns partitions; each starts gated. Returns the generation of each new assignment.
    /// A partition already held keeps its state.
    mutating func assign(_ newPartitions: [Int32]) -> [(partition: Int32, generation: UInt64)] {
        var assigned: [(Int32, UInt64)] = []
        for partition in newPartitions where partitions[partition] == nil {
            partitions[partition] = PartitionState(generation: nextGeneration, phase: .gated)
            assigned.append((partition, nextGeneration))
            nextGeneration += 1
        }
        return assigned
    }

    /// Opens a gated partition once its ledger is rebuilt; returns the heads to start.
    mutating func open(partition: Int32, generation: UInt64) -> [Item] {
        guard let index = partitions.index(forKey: partition),
            partitions.values[index].generation == generation, partitions.values[index].phase == .gated
        else {
            return []
        }
        partitions.values[index].phase = .open
        var started: [Item] = []
        for key in partitions.values[index].keys {
            guard let queueIndex = queues.index(forKey: key), !queues.values[queueIndex].headStarted,
                let head = queues.values[queueIndex].items.first
            else { continue }
            queues.values[queueIndex].headStarted = true
            started.append(head)
        }
        partitions.values[index].inFlight += started.count
        inFlight += started.count
        return started
    }

    /// Registers a record handed out by the consumer.
    mutating func register(key: SchedulingKey, partition: Int32, offset: Int64, payload: Payload) -> Registration {
        guard let index = partitions.index(forKey: partition), partitions.values[index].phase != .revoking else {
            return .notAssigned
        }
        guard partitions.values[index].tracker.accepts(offset) else { return .replay }
        let item = Item(
            key: key,
            partition: partition,
            offset: offset,
            generation: partitions.values[index].generation,
            ticket: partitions.values[index].tracker.register(offset),
            payload: payload
        )
        held += 1
        if let queueIndex = queues.index(forKey: key) {
            queues.values[queueIndex].items.append(item)
            return .queued
        }
        let startNow = partitions.values[index].phase == .open
        queues[key] = KeyQueue(items: [item], headStarted: startNow)
        partitions.values[index].keys.insert(key)
        guard startNow else { return .queued }
        partitions.values[index].inFlight += 1
        inFlight += 1
        return .start(item)
    }

    /// Marks a started item finished: its offset may become committable and the next record of its
    /// key starts. A finisher from an earlier assignment of the partition changes nothing.
    ///
    /// - Returns: the next item of the key to start, if any, and whether the item still counted.
    mutating func complete(_ item: Item) -> (next: Item?, counted: Bool) {
        guard let index = partitions.index(forKey: item.partition),
            partitions.values[index].generation == item.generation,
            let queueIndex = queues.index(forKey: item.key), queues.values[queueIndex].headStarted,
            queues.values[queueIndex].items.first?.ticket == item.ticket
        else {
            return (nil, false)
        }
        partitions.values[index].tracker.finish(item.ticket)
        partitions.values[index].inFlight -= 1
        inFlight -= 1
        held -= 1
        queues.values[queueIndex].items.removeFirst()
        guard let newHead = queues.values[queueIndex].items.first else {
            queues.remove(at: queueIndex)
            partitions.values[index].keys.remove(item.key)
            return (nil, true)
        }
        guard partitions.values[index].phase == .open else {
            queues.values[queueIndex].headStarted = false
            return (nil, true)
        }
        partitions.values[index].inFlight += 1
        inFlight += 1
        return (newHead, true)
    }
}
