extension WorkScheduler {
    /// Starts revoking partitions: nothing new of them starts, and records queued behind a key or a
    /// gate are dropped uncommitted (the next owner gets them). Running items keep running.
    ///
    /// - Returns: how many queued records were dropped.
    @discardableResult
    mutating func beginRevoke(_ revoked: [Int32]) -> Int {
        var dropped = 0
        for partition in revoked {
            guard let index = partitions.index(forKey: partition) else { continue }
            partitions.values[index].phase = .revoking
            for key in partitions.values[index].keys {
                guard let queueIndex = queues.index(forKey: key) else { continue }
                let count = queues.values[queueIndex].items.count
                if queues.values[queueIndex].headStarted {
                    dropped += count - 1
                    queues.values[queueIndex].items.removeLast(count - 1)
                } else {
                    dropped += count
                    queues.remove(at: queueIndex)
                    partitions.values[index].keys.remove(key)
                }
            }
        }
        held -= dropped
        return dropped
    }

    /// Whether none of `partitions` has work running.
    func isDrained(_ revoked: [Int32]) -> Bool {
        revoked.allSatisfy { (partitions[$0]?.inFlight ?? 0) == 0 }
    }

    /// Releases revoked partitions and returns their committable offsets (the next offset to read).
    /// Items still running are abandoned: their completion changes nothing, so a late finisher can
    /// never move a released partition's offset.
    mutating func release(_ revoked: [Int32]) -> [Int32: Int64] {
        var offsets: [Int32: Int64] = [:]
        for partition in revoked {
            guard let state = partitions.removeValue(forKey: partition) else { continue }
            if let committable = state.tracker.committable { offsets[partition] = committable }
            for key in state.keys {
                if let queue = queues.removeValue(forKey: key) {
                    held -= queue.items.count
                }
            }
            inFlight -= state.inFlight
        }
        return offsets
    }

    /// The committable offset of every assigned partition that has registered records.
    var committableOffsets: [Int32: Int64] {
        var offsets: [Int32: Int64] = [:]
        for (partition, state) in partitions {
            if let committable = state.tracker.committable { offsets[partition] = committable }
        }
        return offsets
    }

    /// The partitions currently assigned, in any phase.
    var assignedPartitions: [Int32] {
        Array(partitions.keys)
    }
}
