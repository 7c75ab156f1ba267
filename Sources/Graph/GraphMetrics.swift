import CoreMetrics
import Synchronization

/// The client's metrics, all created from one factory.
///
/// - `switchboard_graph_redirect_attempts_total{status}`: attempts by HTTP status, or `connection`,
///   `timeout`, `token`.
/// - `switchboard_graph_redirect_attempt_duration_seconds`: attempt latency.
/// - `switchboard_graph_token_fetches_total{result}`: token requests, `success` or `failure`.
/// - `switchboard_graph_rate_limit_waits_total`: requests the client-side rate limit delayed.
struct GraphMetrics: Sendable {
    private let factory: any MetricsFactory
    /// The per-attempt metrics, made on first use and then reused: asking the factory for a metric
    /// looks it up by label and dimensions under the registry's lock, twice per call otherwise.
    private let attemptMetrics = AttemptMetrics()

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func recordAttempt(outcome: String, duration: Duration) {
        let (counter, timer) = attemptMetrics.metrics(status: outcome, factory: factory)
        counter.increment()
        timer.recordNanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    func recordTokenFetch(success: Bool) {
        Counter(
            label: "switchboard_graph_token_fetches_total",
            dimensions: [("result", success ? "success" : "failure")],
            factory: factory
        ).increment()
    }

    /// A redirect request sent for a call after an earlier one may already have reached Graph.
    func recordRepeat() {
        Counter(label: "switchboard_graph_redirect_repeats_total", dimensions: [], factory: factory).increment()
    }

    func recordRateLimitWait() {
        Counter(label: "switchboard_graph_rate_limit_waits_total", dimensions: [], factory: factory).increment()
    }
}

/// The attempt counters by status (a few values: HTTP statuses, `connection`, `timeout`, `token`,
/// `cancelled`) and the attempt-duration timer, created on first use.
private final class AttemptMetrics: Sendable {
    private struct Made {
        var counters: [String: Counter] = [:]
        var timer: Timer?
    }

    private let made = Mutex(Made())

    func metrics(status: String, factory: any MetricsFactory) -> (Counter, Timer) {
        made.withLock { made in
            let counter: Counter
            if let existing = made.counters[status] {
                counter = existing
            } else {
                counter = Counter(label: "switchboard_graph_redirect_attempts_total", dimensions: [("status", status)], factory: factory)
                made.counters[status] = counter
            }
            let timer: Timer
            if let existing = made.timer {
                timer = existing
            } else {
                timer = Timer(label: "switchboard_graph_redirect_attempt_duration_seconds", dimensions: [], factory: factory)
                made.timer = timer
            }
            return (counter, timer)
        }
    }
}
