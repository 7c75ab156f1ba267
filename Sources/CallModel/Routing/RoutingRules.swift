public import Foundation

/// A validated rules file: ordered rules (first match wins) and an optional default.
///
/// ```swift
/// let rules = try RoutingRules.load(yaml: text, apiVersion: .beta)
/// let decision = rules.decide(for: call, at: receivedAt)
/// if let plan = decision.redirectPlan {
///     let body = RedirectRequestBody.make(plan: plan, call: call).jsonBytes()
/// }
/// ```
public struct RoutingRules: Sendable, Hashable {
    /// The rules, in file order.
    public var rules: [RoutingRule]
    /// What to do when no rule matches; `nil` gives a `noMatch` decision.
    public var defaultAction: RoutingAction?
    /// The Graph API version the rules were validated for (mask flags and routing policies are beta-only).
    public var apiVersion: GraphAPIVersion

    /// Creates rules that are already validated; files go through ``load(yaml:apiVersion:)``.
    public init(rules: [RoutingRule], defaultAction: RoutingAction?, apiVersion: GraphAPIVersion) {
        self.rules = rules
        self.defaultAction = defaultAction
        self.apiVersion = apiVersion
    }

    /// Loads and validates a rules file (the schema is documented in `examples/rules.yaml`).
    ///
    /// - Parameters:
    ///   - yaml: The file's text.
    ///   - apiVersion: The Graph API version redirects will be sent to; `maskCallee`, `maskCaller`
    ///     and `routingPolicies` are errors with `v1.0`.
    /// - Throws: ``RoutingRulesError`` with every problem found, each with its path.
    public static func load(yaml: String, apiVersion: GraphAPIVersion) throws(RoutingRulesError) -> RoutingRules {
        var reader = RulesDocumentReader(apiVersion: apiVersion)
        let rules = reader.read(yaml)
        guard reader.issues.isEmpty, let rules else { throw RoutingRulesError(issues: reader.issues) }
        return rules
    }

    /// Decides what to do with `call` at `instant` (the time the call was offered, for schedules).
    ///
    /// Rules are tried in order and the first whose conditions all hold decides; else the default;
    /// else `noMatch`. The explanation says which conditions matched, or why each rule did not.
    public func decide(for call: GraphCall, at instant: Date) -> RoutingDecision {
        let facts = CallFacts(call)
        var noText: [String]? = nil
        for rule in rules where rule.conditions.evaluate(facts, at: instant, reasons: &noText) {
            var reasons: [String]? = []
            _ = rule.conditions.evaluate(facts, at: instant, reasons: &reasons)
            let why = reasons.map { $0.isEmpty ? "it has no conditions" : $0.joined(separator: "; ") } ?? ""
            return RoutingDecision(
                rule: rule.reference,
                action: Self.decisionAction(rule.action),
                explanation: "\(rule.reference.label) matched: \(why)"
            )
        }
        let misses = rules.map { rule -> String in
            var reasons: [String]? = []
            _ = rule.conditions.evaluate(facts, at: instant, reasons: &reasons)
            return "\(rule.reference.label): \(reasons?.last ?? "did not match")"
        }
        let tried = misses.isEmpty ? "" : " (" + misses.joined(separator: "; ") + ")"
        guard let defaultAction else {
            return RoutingDecision(rule: nil, action: .noMatch, explanation: "no rule matched and there is no default" + tried)
        }
        return RoutingDecision(
            rule: .default,
            action: Self.decisionAction(defaultAction),
            explanation: "no rule matched, the default applies" + tried
        )
    }

    private static func decisionAction(_ action: RoutingAction) -> RoutingDecision.Action {
        switch action {
        case let .redirect(plan): .redirect(plan)
        case let .ignore(reason): .ignore(reason: reason)
        case let .reject(reason): .reject(reason)
        }
    }

    /// One line per rule and one for the default, for `switchboard rules check`.
    public var summaryLines: [String] {
        var lines = rules.map(\.summary)
        lines.append("default: " + (defaultAction?.summary ?? "none (unmatched calls are not redirected)"))
        return lines
    }
}
