public import Kafka

/// What `apply` did: the creation result of each topic that was missing, and the drift that remains afterwards.
public struct TopicApplyReport: Sendable, Hashable, CustomStringConvertible {
    /// One result per topic that was missing before, in declaration order.
    public var creations: [KafkaTopicCreationResult]
    /// The comparison with the cluster after creating.
    public var drift: DriftReport

    /// Creates a report.
    public init(creations: [KafkaTopicCreationResult], drift: DriftReport) {
        self.creations = creations
        self.drift = drift
    }

    /// The topics that were created.
    public var created: [String] {
        creations.compactMap { result in
            if case .created(let topic) = result { return topic }
            return nil
        }
    }

    /// `true` when every missing topic was created and no drift remains.
    public var isSuccessful: Bool {
        creations.allSatisfy { result in
            if case .failed = result { return false }
            return true
        } && drift.isClean
    }

    /// One line per creation, then the drift report.
    public var description: String {
        var lines = creations.map { result -> String in
            switch result {
            case .created(let topic): return "\(topic): created"
            case .alreadyExists(let topic): return "\(topic): already exists"
            case .mismatch(let topic, let differences):
                return "\(topic): already exists and differs (\(differences.map(\.description).joined(separator: "; ")))"
            case .failed(let topic, let error): return "\(topic): not created: \(error.message)"
            }
        }
        if creations.isEmpty {
            lines.append("every declared topic exists")
        }
        lines.append(drift.description)
        return lines.joined(separator: "\n")
    }
}
