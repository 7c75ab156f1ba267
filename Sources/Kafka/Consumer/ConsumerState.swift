import DequeModule

/// The consumer's shared state: the assignment as the caller sees it, the record buffer, pauses,
/// and the lifecycle. Mutated under the consumer's lock by the poll thread, the record iterator,
/// the rebalance listener's completions and API calls; methods return what to do after the lock
/// is released (resume a waiter, wake the poll thread).
struct ConsumerState {
    /// Where an assigned partition is in its life.
    enum Phase: Equatable {
        /// Assigned; waiting for the listener's `partitionsAssigned` (records are withheld).
        case starting(epoch: UInt64)
        /// Records are handed out.
        case active
        /// Being revoked; records are dropped.
        case revoking
    }

    typealias Waiter = CheckedContinuation<Result<KafkaRecord?, KafkaError>, Never>

    /// What the iterator gets from ``nextRecord()``.
    enum NextRecord {
        case record(KafkaRecord)
        case end
        case failure(KafkaError)
        case empty
    }

    let capacity: Int
    let lowWaterMark: Int

    private(set) var phases: [KafkaTopicPartition: Phase] = [:]
    /// Partitions the listener was told are assigned and not yet told are revoked.
    private var announced: Set<KafkaTopicPartition> = []
    private var ready: Deque<KafkaRecord> = []
    private var withheld: [KafkaTopicPartition: [KafkaRecord]] = [:]
    private var withheldCount = 0
    private var lastEpoch: UInt64 = 0

    private var waiter: (id: UInt64, continuation: Waiter)?
    private var lastWaiterID: UInt64 = 0
    private var failure: KafkaError?
    /// Set when closing begins: the iterator ends and nothing more is buffered.
    private(set) var finished = false

    private var userPaused: Set<KafkaTopicPartition> = []
    private(set) var pausedForBackPressure = false
    /// What the poll thread has actually paused in librdkafka.
    private var librdkafkaPaused: Set<KafkaTopicPartition> = []
    private var pausesChanged = false

    private(set) var closeRequested = false
    private(set) var closed = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        self.capacity = capacity
        self.lowWaterMark = capacity / 2
    }

    /// Records buffered but not yet handed out.
    var bufferedCount: Int { ready.count + withheldCount }

    /// The partitions assigned and not being revoked, sorted.
    var assignment: [KafkaTopicPartition] {
        phases.filter { $0.value != .revoking }.keys.sorted()
    }

    // MARK: Records

    /// Buffers records from the poll thread; returns a waiter to resume with the first ready record.
    mutating func append(_ records: [KafkaRecord]) -> (Waiter, KafkaRecord)? {
        guard !finished else { return nil }
        for record in records {
            switch phases[record.topicPartition] {
            case .active:
                ready.append(record)
            case .starting:
                withheld[record.topicPartition, default: []].append(record)
                withheldCount += 1
                pausesChanged = true
            case .revoking, nil:
                continue  // A partition no longer ours: its next owner reads it from the committed offset.
            }
        }
        if bufferedCount >= capacity && !pausedForBackPressure {
            pausedForBackPressure = true
            pausesChanged = true
        }
        return handOutToWaiter()
    }

    /// Takes the next ready record without suspending; tells whether the poll thread must be woken
    /// (the buffer drained below the low-water mark, so fetching can resume).
    mutating func nextRecord() -> (NextRecord, wakePollThread: Bool) {
        if let record = ready.popFirst() {
            return (.record(record), resumeFetchingIfDrained())
        }
        if let failure {
            self.failure = nil
            finished = true
            return (.failure(failure), false)
        }
        return (finished ? .end : .empty, false)
    }

    /// A fresh id for ``wait(_:id:isCancelled:)``, taken before the cancellation handler is installed.
    mutating func makeWaiterID() -> UInt64 {
        lastWaiterID += 1
        return lastWaiterID
    }

    /// Parks the iterator until a record arrives; returns an immediate answer instead when there is one.
    /// Also tells whether the poll thread must be woken, as ``nextRecord()`` does.
    mutating func wait(
        _ continuation: Waiter,
        id: UInt64,
        isCancelled: Bool
    ) -> (immediate: Result<KafkaRecord?, KafkaError>?, wakePollThread: Bool) {
        precondition(waiter == nil, "KafkaConsumer.records supports one iterator; next() was called concurrently")
        let (next, wake) = nextRecord()
        switch next {
        case .record(let record): return (.success(record), wake)
        case .failure(let error): return (.failure(error), wake)
        case .end: return (.success(nil), wake)
        case .empty:
            if isCancelled { return (.success(nil), wake) }
            waiter = (id, continuation)
            return (nil, wake)
        }
    }

    /// Removes the parked iterator when its task is cancelled.
    mutating func cancelWait(_ id: UInt64) -> Waiter? {
        guard let waiter, waiter.id == id else { return nil }
        self.waiter = nil
        return waiter.continuation
    }

    private mutating func handOutToWaiter() -> (Waiter, KafkaRecord)? {
        guard let waiter, let record = ready.popFirst() else { return nil }
        self.waiter = nil
        _ = resumeFetchingIfDrained()
        return (waiter.continuation, record)
    }

    private mutating func resumeFetchingIfDrained() -> Bool {
        guard pausedForBackPressure && bufferedCount <= lowWaterMark else { return false }
        pausedForBackPressure = false
        pausesChanged = true
        return true
    }

    /// Ends the iterator with a fatal error (after the records already buffered).
    mutating func fail(_ error: KafkaError) -> Waiter? {
        failure = failure ?? error
        guard ready.isEmpty, let waiter else { return nil }
        self.waiter = nil
        self.failure = nil
        finished = true
        return waiter.continuation
    }
}

// MARK: Assignment

extension ConsumerState {
    /// Adds partitions to the assignment; their records are held back until activated when the
    /// listener must hear about them first. Returns the epoch to pass to ``activate(_:epoch:)``.
    mutating func assign(_ partitions: [KafkaTopicPartition], announce: Bool) -> UInt64 {
        lastEpoch += 1
        for partition in partitions {
            phases[partition] = announce ? .starting(epoch: lastEpoch) : .active
        }
        if announce { announced.formUnion(partitions) }
        pausesChanged = true
        return lastEpoch
    }

    /// Releases the records of partitions whose `partitionsAssigned` returned; returns a waiter to resume.
    mutating func activate(_ partitions: [KafkaTopicPartition], epoch: UInt64) -> (Waiter, KafkaRecord)? {
        for partition in partitions where phases[partition] == .starting(epoch: epoch) {
            phases[partition] = .active
            let records = withheld.removeValue(forKey: partition) ?? []
            withheldCount -= records.count
            ready.append(contentsOf: records)
        }
        pausesChanged = true
        return handOutToWaiter()
    }

    /// Marks partitions as being revoked and drops their buffered records.
    /// Returns the ones the listener was told about, which it must now hear are revoked.
    mutating func beginRevoke(_ partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition] {
        let revoked = Set(partitions)
        for partition in partitions where phases[partition] != nil {
            phases[partition] = .revoking
            withheldCount -= withheld.removeValue(forKey: partition)?.count ?? 0
        }
        ready.removeAll { revoked.contains($0.topicPartition) }
        _ = resumeFetchingIfDrained()
        let toAnnounce = announced.intersection(revoked)
        announced.subtract(revoked)
        return toAnnounce.sorted()
    }

    /// Forgets revoked partitions once librdkafka released them.
    mutating func finishRevoke(_ partitions: [KafkaTopicPartition]) {
        for partition in partitions {
            phases[partition] = nil
            userPaused.remove(partition)
            librdkafkaPaused.remove(partition)
        }
    }

    // MARK: Pauses

    mutating func pause(_ partitions: [KafkaTopicPartition]) {
        userPaused.formUnion(partitions)
        pausesChanged = true
    }

    mutating func resume(_ partitions: [KafkaTopicPartition]) {
        userPaused.subtract(partitions)
        pausesChanged = true
    }

    /// The pause and resume calls that make librdkafka match what the state wants, assumed done on return:
    /// a partition is paused while the caller paused it, while the buffer is full, or while it waits for
    /// `partitionsAssigned` and records already arrived for it. (Pausing only once records arrive keeps
    /// pause requests away from partitions whose fetcher librdkafka has not started yet.)
    mutating func pauseChanges() -> (pause: [KafkaTopicPartition], resume: [KafkaTopicPartition]) {
        guard pausesChanged else { return ([], []) }
        pausesChanged = false
        var toPause: [KafkaTopicPartition] = []
        var toResume: [KafkaTopicPartition] = []
        for (partition, phase) in phases where phase != .revoking {
            let withholding = if case .starting = phase { withheld[partition] != nil } else { false }
            let wanted = withholding || pausedForBackPressure || userPaused.contains(partition)
            if wanted && !librdkafkaPaused.contains(partition) {
                toPause.append(partition)
                librdkafkaPaused.insert(partition)
            } else if !wanted && librdkafkaPaused.contains(partition) {
                toResume.append(partition)
                librdkafkaPaused.remove(partition)
            }
        }
        return (toPause.sorted(), toResume.sorted())
    }

    // MARK: Close

    /// Records a close request; returns `false` when the consumer is already closed.
    mutating func requestClose(_ waiter: CheckedContinuation<Void, Never>?) -> Bool {
        guard !closed else { return false }
        closeRequested = true
        if let waiter { closeWaiters.append(waiter) }
        return true
    }

    /// Ends the record sequence and drops the buffer; returns the parked iterator to resume with `nil`.
    mutating func beginClose() -> Waiter? {
        finished = true
        ready.removeAll()
        withheld.removeAll()
        withheldCount = 0
        defer { waiter = nil }
        return waiter?.continuation
    }

    /// Marks the consumer closed; returns the callers of `close()` to resume.
    mutating func finishClose() -> [CheckedContinuation<Void, Never>] {
        closed = true
        phases.removeAll()
        announced.removeAll()
        defer { closeWaiters.removeAll() }
        return closeWaiters
    }
}
