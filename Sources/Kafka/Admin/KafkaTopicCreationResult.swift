/// What happened to one topic of ``KafkaAdmin/createTopics(_:timeout:)``.
public enum KafkaTopicCreationResult: Sendable, Hashable {
    /// The topic was created.
    case created(topic: String)
    /// The topic already existed with the declared partitions, replication factor and configs.
    case alreadyExists(topic: String)
    /// The topic already existed, but differs from the declaration.
    case mismatch(topic: String, differences: [KafkaTopicDifference])
    /// The broker refused the topic, or the existing topic could not be checked.
    case failed(topic: String, error: KafkaError)

    /// The topic this result is about.
    public var topic: String {
        switch self {
        case .created(let topic), .alreadyExists(let topic), .mismatch(let topic, _), .failed(let topic, _): topic
        }
    }

    /// Whether the topic now exists as declared.
    public var isSatisfied: Bool {
        switch self {
        case .created, .alreadyExists: true
        case .mismatch, .failed: false
        }
    }

    /// Decides the result for one topic from the broker's answer and, when the topic already existed,
    /// what the cluster says about it.
    ///
    /// - Parameters:
    ///   - spec: The declaration.
    ///   - code: The broker's error code for the topic (``KafkaError/Code/noError`` when created).
    ///   - message: The broker's error text, if any.
    ///   - existing: The topic's metadata, looked up when it already existed.
    ///   - existingConfigs: The topic's configs, looked up when it already existed and the spec declares configs.
    static func resolve(
        spec: KafkaTopicSpec,
        code: KafkaError.Code,
        message: String?,
        existing: KafkaTopicDescription?,
        existingConfigs: Result<[String: String], KafkaError>?
    ) -> KafkaTopicCreationResult {
        switch code {
        case .noError:
            return .created(topic: spec.name)
        case .topicAlreadyExists:
            guard let existing else {
                return .failed(
                    topic: spec.name,
                    error: KafkaError(.unknownTopicOrPartition, message: "topic \(spec.name) exists but is missing from cluster metadata")
                )
            }
            var configs: [String: String]?
            switch existingConfigs {
            case .success(let actual): configs = actual
            case .failure(let error):
                return .failed(
                    topic: spec.name,
                    error: KafkaError(error.code, message: "topic \(spec.name) exists, but its configs could not be read: \(error.message)")
                )
            case nil: configs = spec.configs.isEmpty ? [:] : nil
            }
            let differences = spec.differences(from: existing, actualConfigs: configs)
            return differences.isEmpty ? .alreadyExists(topic: spec.name) : .mismatch(topic: spec.name, differences: differences)
        default:
            let text = message.flatMap { $0.isEmpty ? nil : $0 } ?? code.reason
            return .failed(topic: spec.name, error: KafkaError(code, message: "cannot create topic \(spec.name): \(text)"))
        }
    }
}
