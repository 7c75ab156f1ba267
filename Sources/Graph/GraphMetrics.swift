import CoreMetrics

/// The client's metrics, all created from one factory.
///
/// - `switchboard_graph_redirect_attempts_total{status}`: attempts by HTTP status, or `connection`,
///   `timeout`, `token`.
/// - `switchboard_graph_redirect_attempt_duration_seconds`: attempt latency.
/// - `switchboard_graph_token_fetches_total{result}`: token requests, `success` or `failure`.
/// - `switchboard_graph_rate_limit_waits_total`: requests the client-side rate limit delayed.
struct GraphMetrics: Sendable {
    private let factory: any MetricsFactory

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func recordAttempt(outcome: String, duration: Duration) {
        Counter(
            label: "switchboard_graph_redirect_attempts_total",
            dimensions: [("status", outcome)],
            factory: factory
        ).increment()
        Timer(label: "switchboard_graph_redirect_attempt_duration_seconds", dimensions: [], factory: factory)
            .recordNanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
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
