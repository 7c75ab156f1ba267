import Synchronization

/// The ``WorkScheduler`` behind one lock, with the waits around it: back-pressure for the intake
/// loop and draining for revokes and shutdown.
final class InFlightWork<Payload: Sendable>: Sendable {
    typealias Item = WorkScheduler<Payload>.Item

    private struct State: Sendable {
        var scheduler = WorkScheduler<Payload>()
        var capacityWaiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        var drainWaiters: [UInt64: (partitions: [Int32], continuation: CheckedContinuation<Void, Never>)] = [:]
        var nextWaiterID: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The most records held (running, queued behind a key, or gated) before intake waits.
    let maxHeld: Int

    /// Creates the bookkeeping with a bound on held records.
    init(maxHeld: Int) {
        precondition(maxHeld > 0, "the in-flight bound must be positive")
        self.maxHeld = maxHeld
    }

    /// Records held: running, queued behind their key, or waiting for a gated partition.
    var held: Int { state.withLock { $0.scheduler.held } }
    /// Records running.
    var inFlight: Int { state.withLock { $0.scheduler.inFlight } }
    /// Assigned partitions.
    var assignedPartitions: [Int32] { state.withLock { $0.scheduler.assignedPartitions } }
    /// The committable offset of every assigned partition with registered records.
    var committableOffsets: [Int32: Int64] { state.withLock { $0.scheduler.committableOffsets } }

    /// The generation of a partition's current assignment, if it is assigned.
    func generation(of partition: Int32) -> UInt64? {
        state.withLock { $0.scheduler.generation(of: partition) }
    }

    /// Returns once fewer than ``maxHeld`` records are held, or the task is cancelled.
    func waitForCapacity() async {
        // Fast path, taken for almost every record: no continuation below the bound.
        let id = state.withLock { state -> UInt64? in
            guard state.scheduler.held >= maxHeld else { return nil }
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.scheduler.held < maxHeld || Task.isCancelled { return true }
                    precondition(state.capacityWaiter == nil, "only the intake loop waits for capacity")
                    state.capacityWaiter = (id, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.capacityWaiter, waiter.id == id else { return nil }
                state.capacityWaiter = nil
                return waiter.continuation
            }
            waiter?.resume()
        }
    }

    /// Registers a record; see ``WorkScheduler/register(key:partition:offset:payload:)``.
    func register(key: SchedulingKey, partition: Int32, offset: Int64, payload: Payload)
        -> WorkScheduler<Payload>.Registration
    {
        state.withLock { $0.scheduler.register(key: key, partition: partition, offset: offset, payload: payload) }
    }

    /// Assigns partitions (gated); returns each new assignment's generation.
    func assign(_ partitions: [Int32]) -> [(partition: Int32, generation: UInt64)] {
        state.withLock { $0.scheduler.assign(partitions) }
    }

    /// Opens a gated partition; returns the items to start.
    func open(partition: Int32, generation: UInt64) -> [Item] {
        state.withLock { $0.scheduler.open(partition: partition, generation: generation) }
    }

    /// Completes a started item; returns the next item of its key to start, if any.
    func complete(_ item: Item) -> Item? {
        let (next, waiters) = state.withLock { state in
            let (next, counted) = state.scheduler.complete(item)
            guard counted else { return (next, [CheckedContinuation<Void, Never>]()) }
            return (next, Self.takeReadyWaiters(&state, maxHeld: maxHeld))
        }
        for waiter in waiters { waiter.resume() }
        return next
    }

    /// Stops new work of `partitions` and drops their queued records; returns how many were dropped.
    @discardableResult
    func beginRevoke(_ partitions: [Int32]) -> Int {
        let (dropped, waiters) = state.withLock { state in
            let dropped = state.scheduler.beginRevoke(partitions)
            return (dropped, Self.takeReadyWaiters(&state, maxHeld: maxHeld))
        }
        for waiter in waiters { waiter.resume() }
        return dropped
    }

    /// Releases partitions and returns their committable offsets; later completions of their items change nothing.
    func release(_ partitions: [Int32]) -> [Int32: Int64] {
        let (offsets, waiters) = state.withLock { state in
            let offsets = state.scheduler.release(partitions)
            return (offsets, Self.takeReadyWaiters(&state, maxHeld: maxHeld))
        }
        for waiter in waiters { waiter.resume() }
        return offsets
    }

    /// Waits until no item of `partitions` runs, for at most `timeout`; returns whether they drained.
    func waitUntilDrained(_ partitions: [Int32], timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.waitUntilDrained(partitions) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first || state.withLock { $0.scheduler.isDrained(partitions) }
        }
    }

    /// Waits until no item of `partitions` runs, or the task is cancelled; returns whether they drained.
    private func waitUntilDrained(_ partitions: [Int32]) async -> Bool {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.scheduler.isDrained(partitions) || Task.isCancelled { return true }
                    state.drainWaiters[id] = (partitions, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.drainWaiters.removeValue(forKey: id) }
            waiter?.continuation.resume()
        }
        return state.withLock { $0.scheduler.isDrained(partitions) }
    }

    /// Removes and returns the waiters whose condition now holds.
    private static func takeReadyWaiters(_ state: inout State, maxHeld: Int) -> [CheckedContinuation<Void, Never>] {
        var ready: [CheckedContinuation<Void, Never>] = []
        if let waiter = state.capacityWaiter, state.scheduler.held < maxHeld {
            state.capacityWaiter = nil
            ready.append(waiter.continuation)
        }
        if !state.drainWaiters.isEmpty {
            for (id, waiter) in state.drainWaiters where state.scheduler.isDrained(waiter.partitions) {
                state.drainWaiters[id] = nil
                ready.append(waiter.continuation)
            }
        }
        return ready
    }
}
