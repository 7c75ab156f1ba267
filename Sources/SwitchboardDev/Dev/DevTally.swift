import CallModel
import Histogram
import Synchronization

/// What `switchboard-dev dev` has seen so far: calls offered and delivered by the traffic source, and
/// outcomes read back from the outcomes topic. Shared by the traffic source, the outcome reader,
/// the progress display and the summary.
final class DevTally: Sendable {
    /// A consistent copy of the counters.
    struct Snapshot: Sendable {
        /// Calls the traffic source offered (seed examples included).
        var offered = 0
        /// Notifications the ingress acknowledged with 202.
        var acknowledged = 0
        /// Notifications the ingress answered otherwise, by status.
        var refused: [Int: Int] = [:]
        /// Notifications that could not be posted at all.
        var deliveryErrors = 0
        /// Outcome events read (distinct events: a re-published event counts once).
        var events = 0
        /// Decision outcomes per type; `duplicate` and `completed` events counted as they come.
        var byType: [OutcomeType: Int] = [:]
        /// Decision outcomes per rule name (`(no rule)` when none applied), then per type.
        var byRule: [String: [OutcomeType: Int]] = [:]
        /// `completed` outcomes per disposition (how the calls ended).
        var byDisposition: [CallDisposition: Int] = [:]
        /// Receive-to-outcome latency of decision outcomes, in milliseconds.
        var latency = Histogram<UInt64>(highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: .two)
        /// Acknowledged calls of the traffic source without a decision outcome yet.
        var awaiting = 0
        /// Redirected calls whose `completed` outcome has not arrived yet.
        var awaitingCompletion = 0

        /// Decision outcomes of `type`.
        func count(_ type: OutcomeType) -> Int { byType[type] ?? 0 }
    }

    private struct State {
        var snapshot = Snapshot()
        var seenEvents: Set<String> = []
        var awaiting: Set<String> = []
        var redirected: Set<String> = []
        var completed: Set<String> = []
        /// Every outcome event per call, in arrival order (for the seed replay's report).
        var eventsByCall: [String: [OutcomeEvent]] = [:]
    }

    private let state = Mutex(State())

    /// A call was offered.
    func offered() {
        state.withLock { $0.snapshot.offered += 1 }
    }

    /// The ingress answered `status` to the call's notification.
    func delivered(callID: String, status: Int) {
        state.withLock { state in
            if status == 202 {
                state.snapshot.acknowledged += 1
                if state.eventsByCall[callID]?.contains(where: { $0.type.isFinal }) != true {
                    state.awaiting.insert(callID)
                }
            } else {
                state.snapshot.refused[status, default: 0] += 1
            }
        }
    }

    /// A notification could not be posted.
    func deliveryFailed() {
        state.withLock { $0.snapshot.deliveryErrors += 1 }
    }

    /// An outcome event was read from the outcomes topic.
    func record(_ event: OutcomeEvent) {
        state.withLock { state in
            let callID = event.outcome.callID
            guard state.seenEvents.insert("\(event.id) \(event.type.rawValue)").inserted else { return }
            state.snapshot.events += 1
            state.eventsByCall[callID, default: []].append(event)
            state.snapshot.byType[event.type, default: 0] += 1
            if event.type.isFinal {
                state.awaiting.remove(callID)
                state.snapshot.byRule[event.outcome.rule?.name ?? "(no rule)", default: [:]][event.type, default: 0] += 1
                if let milliseconds = event.outcome.timings.latencyMilliseconds {
                    _ = state.snapshot.latency.record(UInt64(max(milliseconds, 0)))
                }
                if event.type == .redirected || event.type == .rejected, !state.completed.contains(callID) {
                    state.redirected.insert(callID)
                }
            } else if event.type == .completed {
                state.snapshot.byDisposition[event.outcome.disposition ?? .unknown, default: 0] += 1
                state.completed.insert(callID)
                state.redirected.remove(callID)
            }
        }
    }

    /// The counters now.
    func snapshot() -> Snapshot {
        state.withLock { state in
            var snapshot = state.snapshot
            snapshot.awaiting = state.awaiting.count
            snapshot.awaitingCompletion = state.redirected.count
            return snapshot
        }
    }

    /// The outcome events of one call so far, in arrival order.
    func events(callID: String) -> [OutcomeEvent] {
        state.withLock { $0.eventsByCall[callID] ?? [] }
    }
}
