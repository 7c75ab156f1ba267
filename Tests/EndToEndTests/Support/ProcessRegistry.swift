import Synchronization

/// The processes a stack started, stopped in reverse order at the end.
final class ProcessRegistry: Sendable {
    private let processes = Mutex<[ChildProcess]>([])

    func add(_ process: ChildProcess) {
        processes.withLock { $0.append(process) }
    }

    /// Stops (SIGTERM, then SIGKILL after a grace period) and reaps every process: all but the first
    /// (the broker) together, then the broker, so workers can still commit and leave the group.
    func stopAll() async {
        let all = processes.withLock { $0 }
        guard let broker = all.first else { return }
        await withDiscardingTaskGroup { group in
            for process in all.dropFirst() {
                group.addTask { await process.stop() }
            }
        }
        await broker.stop()
    }
}
