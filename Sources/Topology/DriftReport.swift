/// The result of comparing the declared topics with a cluster: every difference found, and what could not be checked.
public struct DriftReport: Sendable, Hashable, CustomStringConvertible {
    /// The differences, in declaration order (notifications, outcomes, dlq), co-partitioning last.
    public var findings: [TopicDrift]
    /// Topics that exist but whose configs the cluster did not report, so their configs were not compared.
    public var configsNotObserved: [String]

    /// Creates a report.
    public init(findings: [TopicDrift], configsNotObserved: [String] = []) {
        self.findings = findings
        self.configsNotObserved = configsNotObserved
    }

    /// `true` when the cluster matches the declarations in everything that could be observed.
    public var isClean: Bool { findings.isEmpty }

    /// Only the missing topics.
    public var missingTopics: [String] {
        findings.compactMap { finding in
            if case .missing(let topic) = finding { return topic }
            return nil
        }
    }

    /// One line per finding, then a note about unchecked configs; `no drift` when clean.
    public var description: String {
        var lines = findings.map(\.description)
        if lines.isEmpty {
            lines.append("no drift")
        }
        if !configsNotObserved.isEmpty {
            lines.append("configs not checked (the cluster does not report them): \(configsNotObserved.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}
