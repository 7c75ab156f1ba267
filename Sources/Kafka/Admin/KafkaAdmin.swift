import CRdKafka
public import Logging

/// Creates and describes topics on a real cluster.
///
/// librdkafka's mock cluster has no admin API (CreateTopics times out there); against it create topics
/// with ``KafkaMockCluster/createTopic(_:partitions:replicationFactor:)``. Describing from metadata works on both.
/// Calls run their blocking librdkafka work one at a time on the admin's long-lived thread.
public final class KafkaAdmin: Sendable {
    let client: PolledClient
    let blockingThread: KafkaBlockingThread

    /// Creates an admin client; it connects in the background.
    ///
    /// - Throws: ``KafkaError/Code/invalidArgument`` for a setting librdkafka rejects.
    public init(configuration: KafkaClientConfiguration, logger: Logger) throws(KafkaError) {
        self.client = try PolledClient(properties: configuration.properties, threadName: "kafka-admin", logger: logger)
        self.blockingThread = try KafkaBlockingThread(name: "kafka-admin-call")
    }

    deinit {
        client.stop()
        blockingThread.stop()
    }

    /// Describes topics from cluster metadata.
    ///
    /// - Parameters:
    ///   - names: The topics to describe, or `nil` for all; names the cluster does not know are left out.
    ///   - timeout: How long to wait for a broker.
    /// - Returns: The descriptions, sorted by name.
    /// - Throws: ``KafkaError/Code/timedOut`` or ``KafkaError/Code/transport`` when no broker answers.
    public func describeTopics(_ names: [String]?, timeout: Duration) async throws(KafkaError) -> [KafkaTopicDescription] {
        let wanted = names.map(Set.init)
        let all = try await blocking { pointer throws(KafkaError) in
            try ClusterMetadata.topics(pointer, timeout: timeout)
        }
        return all.values.filter { wanted?.contains($0.name) ?? true }.sorted { $0.name < $1.name }
    }

    /// Creates topics idempotently: an existing topic that matches its spec is ``KafkaTopicCreationResult/alreadyExists(topic:)``,
    /// one that differs is ``KafkaTopicCreationResult/mismatch(topic:differences:)``.
    ///
    /// - Returns: One result per spec, in the specs' order.
    /// - Throws: ``KafkaError/Code/invalidArgument`` for an invalid spec (nothing is sent), or the request-level
    ///   error (e.g. ``KafkaError/Code/timedOut``). Per-topic refusals are ``KafkaTopicCreationResult/failed(topic:error:)``.
    public func createTopics(_ specs: [KafkaTopicSpec], timeout: Duration) async throws(KafkaError) -> [KafkaTopicCreationResult] {
        let request = try CreateTopicsRequest(specs, timeout: timeout)
        guard !specs.isEmpty else { return [] }
        let responses = try await blocking { pointer throws(KafkaError) in
            try request.send(pointer)
        }
        let byName = Dictionary(responses.map { ($0.name, $0) }) { first, _ in first }
        let existingNames = responses.filter { $0.code == .topicAlreadyExists }.map(\.name)
        var existing: [String: KafkaTopicDescription] = [:]
        if !existingNames.isEmpty {
            for description in try await describeTopics(existingNames, timeout: timeout) {
                existing[description.name] = description
            }
        }
        var results: [KafkaTopicCreationResult] = []
        for spec in specs {
            guard let response = byName[spec.name] else {
                results.append(.failed(topic: spec.name, error: KafkaError(.fail, message: "the broker did not answer for topic \(spec.name)")))
                continue
            }
            var configs: Result<[String: String], KafkaError>?
            if response.code == .topicAlreadyExists && !spec.configs.isEmpty {
                do throws(KafkaError) {
                    configs = .success(try await describeConfigs(topic: spec.name, timeout: timeout))
                } catch {
                    configs = .failure(error)
                }
            }
            results.append(
                .resolve(spec: spec, code: response.code, message: response.message, existing: existing[spec.name], existingConfigs: configs)
            )
        }
        return results
    }

    /// A topic's configs (name → value) as the brokers report them, defaults included. Not supported by the mock cluster.
    ///
    /// - Throws: The broker's error, or ``KafkaError/Code/timedOut``.
    public func describeConfigs(topic: String, timeout: Duration) async throws(KafkaError) -> [String: String] {
        try await blocking { pointer throws(KafkaError) in
            try TopicConfigsRequest(topic: topic, timeout: timeout).send(pointer)
        }
    }

    /// Destroys the client in the background once running calls finish; later calls throw ``KafkaError/Code/destroy``.
    public func shutdown() {
        client.stop()
        blockingThread.stop()
    }

    private func blocking<Value: Sendable>(
        _ body: @escaping @Sendable (OpaquePointer) throws(KafkaError) -> Value
    ) async throws(KafkaError) -> Value {
        let handle = client.handle
        let result = await blockingThread.run { () -> Result<Value, KafkaError> in
            Result { () throws(KafkaError) in try handle.withLease(body) }
        }
        return try result.get()
    }
}
