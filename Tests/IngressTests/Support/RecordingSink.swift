import Synchronization

@testable import Ingress

/// An in-memory notifications topic: records what was sent, and can fail or stall on demand.
final class RecordingSink: NotificationSink {
    struct Record: Sendable, Hashable {
        var key: String
        var value: [UInt8]
        var headers: [NotificationRecordHeader]
        var position: NotificationPosition

        func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }
    }

    enum Behaviour: Sendable {
        case store
        case fail
        /// Waits this long before storing; fails at the send's deadline when that comes first
        /// (cancellation ends the wait without storing).
        case delay(Duration)
        /// Waits until ``release()`` before storing; fails at the send's deadline when that comes first.
        /// Lets a test order events without assuming how fast the machine is.
        case hold
    }

    private struct State {
        var records: [Record] = []
        var behaviour: Behaviour = .store
        var reachable = true
        var reachabilityChecks = 0
        var shutdownCalls = 0
        var sendsStarted = 0
        var released = false
        var sendsInProgress = 0
        var mostSendsAtOnce = 0
    }

    private let state = Mutex(State())

    var records: [Record] { state.withLock { $0.records } }
    var reachabilityChecks: Int { state.withLock { $0.reachabilityChecks } }
    var shutdownCalls: Int { state.withLock { $0.shutdownCalls } }
    var sendsStarted: Int { state.withLock { $0.sendsStarted } }
    /// The most sends that were in progress at one time.
    var mostSendsAtOnce: Int { state.withLock { $0.mostSendsAtOnce } }

    /// Waits until `count` sends have started: polls every 5 ms, at most 24,000 times (2 minutes, for a
    /// loaded machine), then throws rather than letting the test go on with fewer.
    func waitForSends(_ count: Int) async throws {
        for _ in 0..<24_000 {
            if sendsStarted >= count { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        if sendsStarted < count { throw SendsNotStarted(expected: count, started: sendsStarted) }
    }

    struct SendsNotStarted: Error, CustomStringConvertible {
        let expected: Int
        let started: Int
        var description: String { "\(started) of \(expected) sends started within 2 minutes" }
    }

    func setBehaviour(_ behaviour: Behaviour) { state.withLock { $0.behaviour = behaviour } }
    func setReachable(_ reachable: Bool) { state.withLock { $0.reachable = reachable } }
    /// Lets held sends (``Behaviour/hold``) store their records.
    func release() { state.withLock { $0.released = true } }

    func send(
        key: [UInt8],
        value: [UInt8],
        headers: [NotificationRecordHeader],
        deadline: ContinuousClock.Instant
    ) async throws -> NotificationPosition {
        let behaviour = state.withLock { state in
            state.sendsStarted += 1
            state.sendsInProgress += 1
            state.mostSendsAtOnce = max(state.mostSendsAtOnce, state.sendsInProgress)
            return state.behaviour
        }
        defer { state.withLock { $0.sendsInProgress -= 1 } }
        switch behaviour {
        case .store:
            break
        case .fail:
            throw SinkFailure()
        case .delay(let delay):
            let storedAt = ContinuousClock.now + delay
            try await Task.sleep(until: min(storedAt, deadline))
            if storedAt > deadline { throw StoreDeadlineExceeded() }
        case .hold:
            // Bounded by the send's deadline.
            while !state.withLock({ $0.released }) {
                guard ContinuousClock.now < deadline else { throw StoreDeadlineExceeded() }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        return state.withLock { state in
            let position = NotificationPosition(partition: 0, offset: Int64(state.records.count))
            state.records.append(Record(key: String(decoding: key, as: UTF8.self), value: value, headers: headers, position: position))
            return position
        }
    }

    func isReachable(timeout: Duration) async -> Bool {
        state.withLock { state in
            state.reachabilityChecks += 1
            return state.reachable
        }
    }

    func shutdown(flushTimeout: Duration) async {
        state.withLock { $0.shutdownCalls += 1 }
    }

    struct SinkFailure: Error {}
}
