import CallModel
import Foundation
import Logging
import Synchronization

/// Candidate rules evaluated beside the live ones for every call: only counted and sampled in logs,
/// never acted on.
///
/// A call is a disagreement when the shadow rules would treat the caller differently (another verb,
/// other targets or options, another reject reason); a different rule name reaching the same action is
/// not. Disagreements are counted in `switchboard_worker_shadow_disagreements_total{live_rule,shadow_rule}`;
/// each label takes at most ``labelLimit`` distinct rule names (`default` for the default action, `none`
/// when nothing matched), later ones count as `other`, so a file with many rules, or many reloads, cannot
/// grow the series without bound. One disagreement per ``sampleInterval`` is logged with both decisions.
final class ShadowRules: Sendable {
    /// Distinct rule names per label before the rest become `other`.
    let labelLimit: Int
    /// At most one sample log line per this interval.
    let sampleInterval: TimeInterval
    private let rules: @Sendable () -> RoutingRules
    private let metrics: WorkerMetrics
    private let now: @Sendable () -> Date
    private let state = Mutex(State())

    private struct State {
        var liveLabels: Set<String> = []
        var shadowLabels: Set<String> = []
        var lastSample: Date?
        var unlogged = 0
    }

    /// - Parameters:
    ///   - rules: The shadow rules in force (reloaded from their file).
    ///   - labelLimit: Distinct rule names per metric label, default 50.
    ///   - sampleInterval: Seconds between sample log lines, default 10.
    init(
        rules: @escaping @Sendable () -> RoutingRules,
        metrics: WorkerMetrics,
        labelLimit: Int = 50,
        sampleInterval: TimeInterval = 10,
        now: @escaping @Sendable () -> Date
    ) {
        self.rules = rules
        self.metrics = metrics
        self.labelLimit = labelLimit
        self.sampleInterval = sampleInterval
        self.now = now
    }

    /// Decides `call` with the shadow rules at the same instant as the live decision and counts a disagreement.
    ///
    /// - Returns: The shadow decision (for tests and callers that report it).
    @discardableResult
    func compare(_ call: GraphCall, callID: String, live: RoutingDecision, at instant: Date, logger: Logger) -> RoutingDecision {
        let shadow = rules().decide(for: call, at: instant)
        metrics.shadowEvaluation()
        let liveSummary = DecisionSummary(live)
        let shadowSummary = DecisionSummary(shadow)
        guard liveSummary.disagrees(with: shadowSummary) else { return shadow }
        let time = now()
        let (labels, unlogged) = state.withLock { state -> ((String, String), Int?) in
            let live = Self.label(liveSummary.rule, in: &state.liveLabels, limit: labelLimit)
            let shadow = Self.label(shadowSummary.rule, in: &state.shadowLabels, limit: labelLimit)
            if let last = state.lastSample, time.timeIntervalSince(last) < sampleInterval {
                state.unlogged += 1
                return ((live, shadow), nil)
            }
            state.lastSample = time
            defer { state.unlogged = 0 }
            return ((live, shadow), state.unlogged)
        }
        metrics.shadowDisagreement(liveRule: labels.0, shadowRule: labels.1)
        if let unlogged {
            logger.info(
                "Shadow rules would handle this call differently",
                metadata: [
                    "call.id": "\(callID)",
                    "rules.live_rule": "\(liveSummary.rule)", "rules.live_action": "\(liveSummary.action)",
                    "rules.shadow_rule": "\(shadowSummary.rule)", "rules.shadow_action": "\(shadowSummary.action)",
                    "rules.disagreements_not_logged": "\(unlogged)",
                ])
        }
        return shadow
    }

    private static func label(_ name: String, in seen: inout Set<String>, limit: Int) -> String {
        if seen.contains(name) { return name }
        guard seen.count < limit else { return "other" }
        seen.insert(name)
        return name
    }
}
