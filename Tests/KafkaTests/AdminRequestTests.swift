import Testing

@testable import Kafka

@Suite("Admin requests and results")
struct AdminRequestTests {
    let spec = KafkaTopicSpec(name: "calls.notifications", partitions: 12, replicationFactor: 3, configs: ["retention.ms": "604800000"])

    func description(partitions: Int, replicas: Int) -> KafkaTopicDescription {
        KafkaTopicDescription(
            name: spec.name,
            partitions: (0..<partitions).map { index in
                KafkaPartitionMetadata(
                    id: Int32(index), leader: 1, replicas: Array(1...Int32(replicas)), inSyncReplicas: Array(1...Int32(replicas)))
            }
        )
    }

    @Test("invalid specs are refused before anything is sent", arguments: [
        KafkaTopicSpec(name: "", partitions: 1, replicationFactor: 1),
        KafkaTopicSpec(name: "has space", partitions: 1, replicationFactor: 1),
        KafkaTopicSpec(name: "..", partitions: 1, replicationFactor: 1),
        KafkaTopicSpec(name: String(repeating: "a", count: 250), partitions: 1, replicationFactor: 1),
        KafkaTopicSpec(name: "ok", partitions: 0, replicationFactor: 1),
        KafkaTopicSpec(name: "ok", partitions: 1, replicationFactor: 0),
    ])
    func invalidSpecs(spec: KafkaTopicSpec) {
        #expect(throws: KafkaError(.invalidArgument)) { try CreateTopicsRequest([spec], timeout: .seconds(1)) }
    }

    @Test("a topic declared twice in one request is refused")
    func duplicateTopic() {
        #expect(throws: KafkaError(.invalidArgument)) { try CreateTopicsRequest([spec, spec], timeout: .seconds(1)) }
    }

    @Test("valid specs build librdkafka NewTopic objects with their configs")
    func buildsLibrdkafkaObjects() throws {
        let admin = try KafkaAdmin(configuration: KafkaClientConfiguration(bootstrapServers: "127.0.0.1:9"), logger: makeTestLogger())
        defer { admin.shutdown() }
        let request = try CreateTopicsRequest(
            [spec, KafkaTopicSpec(name: "calls.redirect-outcomes", partitions: 12, replicationFactor: -1)],
            timeout: .seconds(5)
        )
        let built = try admin.client.handle.withLease { handle throws(KafkaError) in
            try request.withLibrdkafkaObjects(handle) { newTopics, _ in newTopics.count { $0 != nil } }
        }
        #expect(built == 2)
    }

    @Test("librdkafka's own validation is reported with its reason")
    func librdkafkaRejects() throws {
        let admin = try KafkaAdmin(configuration: KafkaClientConfiguration(bootstrapServers: "127.0.0.1:9"), logger: makeTestLogger())
        defer { admin.shutdown() }
        // librdkafka caps partitions at 100000; our own validation only requires at least 1.
        let request = try CreateTopicsRequest([KafkaTopicSpec(name: "huge", partitions: 1_000_000, replicationFactor: 1)], timeout: .seconds(5))
        #expect {
            try admin.client.handle.withLease { handle throws(KafkaError) in
                try request.withLibrdkafkaObjects(handle) { _, _ in () }
            }
        } throws: { error in
            let error = error as? KafkaError
            return error?.code == .invalidArgument && error?.message.contains("huge") == true
        }
    }

    @Test("a created topic is reported as created")
    func created() {
        let result = KafkaTopicCreationResult.resolve(spec: spec, code: .noError, message: nil, existing: nil, existingConfigs: nil)
        #expect(result == .created(topic: spec.name))
        #expect(result.isSatisfied)
    }

    @Test("an existing topic with the declared settings is not an error")
    func alreadyExistsMatching() {
        let result = KafkaTopicCreationResult.resolve(
            spec: spec, code: .topicAlreadyExists, message: "Topic already exists",
            existing: description(partitions: 12, replicas: 3),
            existingConfigs: .success(["retention.ms": "604800000", "cleanup.policy": "delete"])
        )
        #expect(result == .alreadyExists(topic: spec.name))
    }

    @Test("an existing topic with other partitions, replication or configs is a mismatch naming each difference")
    func alreadyExistsMismatching() {
        let result = KafkaTopicCreationResult.resolve(
            spec: spec, code: .topicAlreadyExists, message: nil,
            existing: description(partitions: 6, replicas: 1),
            existingConfigs: .success(["retention.ms": "86400000"])
        )
        guard case .mismatch(let topic, let differences) = result else {
            Issue.record("expected a mismatch, got \(result)")
            return
        }
        #expect(topic == spec.name)
        #expect(differences == [
            KafkaTopicDifference(setting: "partitions", declared: "12", actual: "6"),
            KafkaTopicDifference(setting: "replication factor", declared: "3", actual: "1"),
            KafkaTopicDifference(setting: "retention.ms", declared: "604800000", actual: "86400000"),
        ])
        #expect(!result.isSatisfied)
    }

    @Test("an existing topic whose configs cannot be read is a failure, not a silent match")
    func unreadableConfigs() {
        let result = KafkaTopicCreationResult.resolve(
            spec: spec, code: .topicAlreadyExists, message: nil,
            existing: description(partitions: 12, replicas: 3),
            existingConfigs: .failure(KafkaError(.topicAuthorizationFailed))
        )
        guard case .failed(_, let error) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(error.code == .topicAuthorizationFailed)
        #expect(error.message.contains("configs"))
    }

    @Test("a broker refusal keeps the broker's code and message", arguments: [
        KafkaError.Code.invalidReplicationFactor, .policyViolation, .topicAuthorizationFailed,
    ])
    func refused(code: KafkaError.Code) {
        let result = KafkaTopicCreationResult.resolve(spec: spec, code: code, message: "broker says no", existing: nil, existingConfigs: nil)
        guard case .failed(let topic, let error) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(topic == spec.name)
        #expect(error.code == code)
        #expect(error.message.contains("broker says no"))
    }
}
