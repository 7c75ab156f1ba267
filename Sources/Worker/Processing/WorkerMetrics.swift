import CallModel
import CoreMetrics
import Synchronization

/// The worker's Prometheus metrics, all created from one injected factory.
///
/// - `switchboard_worker_outcomes_total{type}`: outcomes published, by type.
/// - `switchboard_worker_dead_letters_total{code}`: records moved to the dead-letter topic, by error code.
/// - `switchboard_worker_notifications_skipped_total{reason}`: notifications not acted on
///   (`replay`, `unhandled_change`, `stale_assignment`).
/// - `switchboard_worker_redirect_latency_seconds`: ingress receive → Graph's 202.
/// - `switchboard_worker_deadline_slack_seconds`: time left in the window when Graph answered (negative: late).
/// - `switchboard_worker_in_flight` / `switchboard_worker_held_records`: records running / held.
/// - `switchboard_worker_consumer_lag{partition}`: high watermark − committed offset (0 once the partition moved away).
/// - `switchboard_worker_clock_skew_seconds`: how far the last record's receive time lay after this worker
///   first saw it (the ingress's clock ahead of this host's; 0 when they agree). Such records' windows are
///   counted from when the worker saw them.
/// - `switchboard_worker_ready`: 1 while `/readyz` answers 200 (assigned at least once, not stopping), else 0.
/// - `switchboard_worker_rebalances_total{event}`: `assigned`, `revoked`, `lost`.
/// - `switchboard_worker_ledger_rebuilds_total{result}`: outcome-ledger rebuilds on assignment.
/// - `switchboard_worker_publish_retries_total{topic}`: outcome / dead-letter produce retries.
/// - `switchboard_worker_hand_off_seconds`: graceful stop → the group no longer waits for this member.
/// - `switchboard_worker_rules_reloads_total{result}` and `switchboard_worker_rules_valid`
///   (1 while the file on disk is the one in use, 0 after an invalid file was kept out).
/// - With a shadow rules file: `switchboard_worker_shadow_rules_reloads_total{result}`,
///   `switchboard_worker_shadow_rules_valid`, `switchboard_worker_shadow_evaluations_total` (calls decided by
///   both rule sets) and `switchboard_worker_shadow_disagreements_total{live_rule,shadow_rule}` (calls the
///   shadow rules would have handled differently; rule names capped per label, the rest `other`).
///
/// Graph attempts by status are counted by the Graph client (`switchboard_graph_redirect_attempts_total`).
final class WorkerMetrics: Sendable {
    private let factory: any MetricsFactory
    private let outcomes: [OutcomeType: Counter]
    let redirectLatency: CoreMetrics.Timer
    let deadlineSlack: Recorder
    let inFlight: Gauge
    let held: Gauge
    let rulesValid: Gauge
    let handOff: CoreMetrics.Timer
    let ready: Gauge
    let clockSkew: Gauge
    private let lagGauges = Mutex<[Int32: Gauge]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
        var outcomes: [OutcomeType: Counter] = [:]
        for type in OutcomeType.allCases {
            outcomes[type] = Counter(
                label: "switchboard_worker_outcomes_total", dimensions: [("type", type.rawValue)], factory: factory)
        }
        self.outcomes = outcomes
        redirectLatency = CoreMetrics.Timer(label: "switchboard_worker_redirect_latency_seconds", factory: factory)
        deadlineSlack = Recorder(label: "switchboard_worker_deadline_slack_seconds", factory: factory)
        inFlight = Gauge(label: "switchboard_worker_in_flight", factory: factory)
        held = Gauge(label: "switchboard_worker_held_records", factory: factory)
        rulesValid = Gauge(label: "switchboard_worker_rules_valid", factory: factory)
        handOff = CoreMetrics.Timer(label: "switchboard_worker_hand_off_seconds", factory: factory)
        ready = Gauge(label: "switchboard_worker_ready", factory: factory)
        ready.record(0)
        clockSkew = Gauge(label: "switchboard_worker_clock_skew_seconds", factory: factory)
    }

    func outcome(_ type: OutcomeType) {
        outcomes[type]?.increment()
    }

    func deadLetter(code: String) {
        Counter(label: "switchboard_worker_dead_letters_total", dimensions: [("code", code)], factory: factory).increment()
    }

    func skipped(_ reason: String) {
        Counter(label: "switchboard_worker_notifications_skipped_total", dimensions: [("reason", reason)], factory: factory)
            .increment()
    }

    func rebalance(_ event: String) {
        Counter(label: "switchboard_worker_rebalances_total", dimensions: [("event", event)], factory: factory).increment()
    }

    func ledgerRebuild(_ result: String) {
        Counter(label: "switchboard_worker_ledger_rebuilds_total", dimensions: [("result", result)], factory: factory)
            .increment()
    }

    func publishRetry(topic: String) {
        Counter(label: "switchboard_worker_publish_retries_total", dimensions: [("topic", topic)], factory: factory)
            .increment()
    }

    func rulesReload(_ result: String, role: RoutingRulesFile.Role = .live) {
        switch role {
        case .live:
            Counter(label: "switchboard_worker_rules_reloads_total", dimensions: [("result", result)], factory: factory).increment()
        case .shadow:
            Counter(label: "switchboard_worker_shadow_rules_reloads_total", dimensions: [("result", result)], factory: factory)
                .increment()
        }
    }

    /// The validity gauge of the live or the shadow rules file (the shadow one exists only with a shadow file).
    func rulesValidGauge(_ role: RoutingRulesFile.Role) -> Gauge {
        role == .live ? rulesValid : Gauge(label: "switchboard_worker_shadow_rules_valid", factory: factory)
    }

    func shadowEvaluation() {
        Counter(label: "switchboard_worker_shadow_evaluations_total", factory: factory).increment()
    }

    func shadowDisagreement(liveRule: String, shadowRule: String) {
        Counter(
            label: "switchboard_worker_shadow_disagreements_total",
            dimensions: [("live_rule", liveRule), ("shadow_rule", shadowRule)], factory: factory
        ).increment()
    }

    func lag(partition: Int32, records: Int64) {
        let gauge = lagGauges.withLock { gauges in
            if let gauge = gauges[partition] { return gauge }
            let gauge = Gauge(
                label: "switchboard_worker_consumer_lag", dimensions: [("partition", "\(partition)")], factory: factory)
            gauges[partition] = gauge
            return gauge
        }
        gauge.record(records)
    }

    /// Zeroes the lag of partitions this worker gave up, so a sum over workers counts each partition once.
    func forgetLag(_ partitions: [Int32]) {
        let gauges = lagGauges.withLock { gauges in partitions.compactMap { gauges.removeValue(forKey: $0) } }
        gauges.forEach { $0.record(0) }
    }
}
