/// One difference between a declared topic and the cluster, with what to do about it.
public enum TopicDrift: Sendable, Hashable, CustomStringConvertible {
    /// The topic does not exist.
    case missing(topic: String)
    /// The topic has a different number of partitions.
    case partitionCount(topic: String, declared: Int, observed: Int)
    /// A partition of the topic has fewer or more replicas than declared.
    case replicationFactor(topic: String, declared: Int, observed: Int)
    /// A declared config has a different value, or is not set (`observed` is `nil`).
    case config(topic: String, name: String, declared: String, observed: String?)
    /// The outcomes topic does not have the same partition count as the notifications topic, so a worker
    /// cannot rebuild a partition's outcomes from the partition with the same number.
    case notCoPartitioned(outcomes: String, outcomesPartitions: Int, notifications: String, notificationsPartitions: Int)

    /// The topic the finding is about (the outcomes topic for co-partitioning).
    public var topic: String {
        switch self {
        case .missing(let topic), .partitionCount(let topic, _, _), .replicationFactor(let topic, _, _),
            .config(let topic, _, _, _):
            return topic
        case .notCoPartitioned(let outcomes, _, _, _):
            return outcomes
        }
    }

    /// A sentence saying what differs and what to do.
    public var description: String {
        switch self {
        case .missing(let topic):
            return "\(topic): missing; create it with `switchboard topics apply` (or apply the Strimzi KafkaTopic manifests)"
        case .partitionCount(let topic, let declared, let observed) where observed < declared:
            return "\(topic): \(observed) partitions, declared \(declared); increase them together with the co-partitioned topic (this remaps call ids to partitions)"
        case .partitionCount(let topic, let declared, let observed):
            return "\(topic): \(observed) partitions, declared \(declared); Kafka cannot decrease partitions: update the declaration to \(observed) (and its co-partitioned topic)"
        case .replicationFactor(let topic, let declared, let observed):
            return "\(topic): replication factor \(observed), declared \(declared); reassign the partitions' replicas (kafka-reassign-partitions) or adjust the declaration"
        case .config(let topic, let name, let declared, let observed?):
            return "\(topic): \(name) is \(observed), declared \(declared); alter the topic config (kafka-configs --alter) or the declaration"
        case .config(let topic, let name, let declared, nil):
            return "\(topic): \(name) is not set (broker default), declared \(declared); alter the topic config (kafka-configs --alter)"
        case .notCoPartitioned(let outcomes, let outcomesPartitions, let notifications, let notificationsPartitions):
            return "\(outcomes): \(outcomesPartitions) partitions but \(notifications) has \(notificationsPartitions); they must be equal so workers rebuild a partition's outcomes from the same partition number (duplicates could be redirected twice after a rebalance)"
        }
    }
}
