/// How strictly ``TopicCatalog/drift(observed:options:)`` compares.
public struct DriftCheckOptions: Sendable, Hashable {
    /// The largest replication factor the cluster can give a topic, or `nil` for no cap (default `nil`).
    ///
    /// Set it to the broker count of librdkafka's mock cluster, which gives every topic
    /// min(3, brokers) replicas whatever is asked, so a 1-broker development cluster is not reported as drift.
    /// Leave it `nil` for real clusters: there a topic with fewer replicas than declared is real drift.
    public var maximumReplicationFactor: Int?

    /// Creates options.
    /// - Parameter maximumReplicationFactor: See ``maximumReplicationFactor``; default `nil`.
    public init(maximumReplicationFactor: Int? = nil) {
        self.maximumReplicationFactor = maximumReplicationFactor
    }
}
