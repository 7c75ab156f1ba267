import Synchronization

/// Lets callers wait until the server is listening (or failed to start).
final class SimulatorReadiness: Sendable {
    private enum State {
        case waiting([CheckedContinuation<SimulatorAddress, any Error>])
        case running(SimulatorAddress)
        case finished(any Error)
    }

    private let state = Mutex<State>(.waiting([]))

    func wait() async throws -> SimulatorAddress {
        try await withCheckedThrowingContinuation { continuation in
            let resume: Result<SimulatorAddress, any Error>? = state.withLock { state in
                switch state {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                case .running(let address): return .success(address)
                case .finished(let error): return .failure(error)
                }
            }
            if let resume { continuation.resume(with: resume) }
        }
    }

    var address: SimulatorAddress? {
        state.withLock { state in
            if case .running(let address) = state { return address }
            return nil
        }
    }

    func markRunning(_ address: SimulatorAddress) {
        let waiters = state.withLock { state -> [CheckedContinuation<SimulatorAddress, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .running(address)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: address) }
    }

    func markFinished(_ error: any Error) {
        let waiters = state.withLock { state -> [CheckedContinuation<SimulatorAddress, any Error>] in
            let waiters: [CheckedContinuation<SimulatorAddress, any Error>]
            if case .waiting(let pending) = state { waiters = pending } else { waiters = [] }
            state = .finished(error)
            return waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}

/// The simulator is not running (not started yet, or stopped).
public struct SimulatorNotRunningError: Error, Sendable, CustomStringConvertible {
    /// What could not be done.
    public var operation: String
    public var description: String { "the Graph simulator is not running, cannot \(operation)" }
}
