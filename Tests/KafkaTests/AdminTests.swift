import Testing

@testable import Kafka

@Suite("KafkaAdmin on the embedded broker")
struct AdminTests {
    @Test("topics are described from cluster metadata")
    func describe() async throws {
        let fixture = try MockFixture(brokers: 3, partitions: 6)
        defer { fixture.shutdown() }
        let other = uniqueName("other")
        try fixture.cluster.createTopic(other, partitions: 2, replicationFactor: 1)
        let admin = try KafkaAdmin(configuration: fixture.client, logger: fixture.logger)
        defer { admin.shutdown() }

        let described = try await admin.describeTopics([fixture.topic, other, "missing"], timeout: .seconds(10))
        #expect(described.map(\.name) == [fixture.topic, other].sorted())
        let topic = try #require(described.first { $0.name == fixture.topic })
        #expect(topic.partitions.map(\.id) == Array(0..<6))
        #expect(topic.replicationFactor == 3)
        #expect(topic.partitions.allSatisfy { (1...3).contains($0.leader) && $0.replicas.count == 3 && $0.error == nil })
        let all = try await admin.describeTopics(nil, timeout: .seconds(10))
        #expect(Set(all.map(\.name)).isSuperset(of: [fixture.topic, other]))
    }

    @Test("a partition-count mismatch against a declaration is reported")
    func mismatchAgainstDeclaration() async throws {
        let fixture = try MockFixture(brokers: 3, partitions: 6)
        defer { fixture.shutdown() }
        let admin = try KafkaAdmin(configuration: fixture.client, logger: fixture.logger)
        defer { admin.shutdown() }
        let description = try #require(try await admin.describeTopics([fixture.topic], timeout: .seconds(10)).first)

        let declared = KafkaTopicSpec(name: fixture.topic, partitions: 12, replicationFactor: 3)
        #expect(declared.differences(from: description, actualConfigs: nil) == [
            KafkaTopicDifference(setting: "partitions", declared: "12", actual: "6")
        ])
        let matching = KafkaTopicSpec(name: fixture.topic, partitions: 6, replicationFactor: 3)
        #expect(matching.differences(from: description, actualConfigs: nil).isEmpty)
        let result = KafkaTopicCreationResult.resolve(
            spec: declared, code: .topicAlreadyExists, message: nil, existing: description, existingConfigs: nil)
        #expect(result == .mismatch(topic: fixture.topic, differences: [KafkaTopicDifference(setting: "partitions", declared: "12", actual: "6")]))
    }

    @Test("the mock has no CreateTopics: the request fails with a clear error within its timeout")
    func createTopicsUnsupportedByMock() async throws {
        let fixture = try MockFixture(brokers: 1)
        defer { fixture.shutdown() }
        let admin = try KafkaAdmin(configuration: fixture.client, logger: fixture.logger)
        defer { admin.shutdown() }
        await #expect {
            _ = try await admin.createTopics([KafkaTopicSpec(name: uniqueName("new"), partitions: 3, replicationFactor: 1)], timeout: .seconds(2))
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.code == .timedOut && error.message.contains("CreateTopics")
        }
    }

    @Test("calls after shutdown throw destroy")
    func afterShutdown() async throws {
        let fixture = try MockFixture(brokers: 1)
        defer { fixture.shutdown() }
        let admin = try KafkaAdmin(configuration: fixture.client, logger: fixture.logger)
        admin.shutdown()
        admin.shutdown()
        // The poll thread destroys the handle in the background; calls fail from then on.
        let failed = await eventually(timeout: .seconds(5)) {
            do {
                _ = try await admin.describeTopics(nil, timeout: .seconds(1))
                return false
            } catch let error as KafkaError {
                return error.code == .destroy
            } catch {
                return false
            }
        }
        #expect(failed)
    }
}
