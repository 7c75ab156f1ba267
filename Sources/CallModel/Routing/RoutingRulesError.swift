/// A rules file that cannot be used, with every problem found in it.
public struct RoutingRulesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// All problems, in file order.
    public var issues: [RoutingRuleIssue]

    /// Creates an error.
    public init(issues: [RoutingRuleIssue]) {
        self.issues = issues
    }

    /// One line per issue.
    public var description: String {
        let count = issues.count == 1 ? "1 problem" : "\(issues.count) problems"
        return "the rules file has \(count):\n" + issues.map { "  " + $0.description }.joined(separator: "\n")
    }
}
