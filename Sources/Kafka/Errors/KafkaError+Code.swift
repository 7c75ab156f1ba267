import CRdKafka

extension KafkaError {
    /// A librdkafka error code (`rd_kafka_resp_err_t`): negative values are local to the client,
    /// positive values come from the broker.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The numeric `rd_kafka_resp_err_t` value.
        public var rawValue: Int32

        /// Creates a code from its numeric `rd_kafka_resp_err_t` value.
        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        init(_ error: rd_kafka_resp_err_t) {
            self.rawValue = error.rawValue
        }

        var cValue: rd_kafka_resp_err_t {
            rd_kafka_resp_err_t(rawValue: rawValue)
        }

        /// librdkafka's symbolic name without the `RD_KAFKA_RESP_ERR_` prefix, e.g. `_MSG_TIMED_OUT`.
        public var name: String {
            String(cString: rd_kafka_err2name(cValue))
        }

        /// librdkafka's human-readable text for the code, e.g. `Local: Message timed out`.
        public var reason: String {
            String(cString: rd_kafka_err2str(cValue))
        }

        public var description: String { name }

        /// Whether the condition is usually transient, so retrying later may succeed.
        public var isRetriable: Bool {
            Self.retriable.contains(self)
        }

        private static let retriable: Set<Code> = [
            .messageTimedOut, .timedOut, .timedOutQueue, .queueFull, .transport, .allBrokersDown,
            .resolve, .waitCoordinator, .inProgress, .retry, .partial, .notEnoughReplicas,
            .notEnoughReplicasAfterAppend, .leaderNotAvailable, .notLeaderForPartition, .requestTimedOut,
            .networkException, .coordinatorLoadInProgress, .coordinatorNotAvailable, .notCoordinator,
            .rebalanceInProgress, .brokerNotAvailable, .replicaNotAvailable, .kafkaStorageError,
            .fetchSessionIDNotFound, .invalidFetchSessionEpoch, .fencedLeaderEpoch, .unknownLeaderEpoch,
            .offsetNotAvailable, .preferredLeaderNotAvailable, .throttlingQuotaExceeded, .unknownTopicOrPartition,
        ]
    }
}

// The codes callers are most likely to meet; any other value is still representable through `init(rawValue:)`.
extension KafkaError.Code {
    /// Success (`NO_ERROR`); never thrown.
    public static let noError = Self(RD_KAFKA_RESP_ERR_NO_ERROR)
    /// A record was not stored within `message.timeout.ms` (it may still be stored, see ``KafkaProducer``).
    public static let messageTimedOut = Self(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
    /// An operation did not finish within its timeout.
    public static let timedOut = Self(RD_KAFKA_RESP_ERR__TIMED_OUT)
    /// An operation waited too long in a local queue.
    public static let timedOutQueue = Self(RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE)
    /// The producer's local queue is full (`queue.buffering.max.messages` / `.kbytes`); retry later.
    public static let queueFull = Self(RD_KAFKA_RESP_ERR__QUEUE_FULL)
    /// A broker connection failed.
    public static let transport = Self(RD_KAFKA_RESP_ERR__TRANSPORT)
    /// No broker is reachable.
    public static let allBrokersDown = Self(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
    /// A broker host name did not resolve.
    public static let resolve = Self(RD_KAFKA_RESP_ERR__RESOLVE)
    /// The client is being destroyed.
    public static let destroy = Self(RD_KAFKA_RESP_ERR__DESTROY)
    /// A generic local failure.
    public static let fail = Self(RD_KAFKA_RESP_ERR__FAIL)
    /// An argument or configuration value is invalid.
    public static let invalidArgument = Self(RD_KAFKA_RESP_ERR__INVALID_ARG)
    /// The operation is not valid in the current state (e.g. storing an offset of an unassigned partition).
    public static let state = Self(RD_KAFKA_RESP_ERR__STATE)
    /// The topic is not known to the client.
    public static let unknownTopic = Self(RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)
    /// The partition is not known to the client.
    public static let unknownPartition = Self(RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION)
    /// The topic or partition does not exist on the broker.
    public static let unknownTopicOrPartition = Self(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
    /// The record is larger than `message.max.bytes` (client) or the topic's limit (broker).
    public static let messageSizeTooLarge = Self(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
    /// A fatal error: the client must be destroyed (see ``KafkaError/isFatal``).
    public static let fatal = Self(RD_KAFKA_RESP_ERR__FATAL)
    /// No stored offset to commit.
    public static let noOffset = Self(RD_KAFKA_RESP_ERR__NO_OFFSET)
    /// The group coordinator is not known yet.
    public static let waitCoordinator = Self(RD_KAFKA_RESP_ERR__WAIT_COORD)
    /// The operation is in progress.
    public static let inProgress = Self(RD_KAFKA_RESP_ERR__IN_PROGRESS)
    /// The operation should be retried.
    public static let retry = Self(RD_KAFKA_RESP_ERR__RETRY)
    /// Only part of the request succeeded.
    public static let partial = Self(RD_KAFKA_RESP_ERR__PARTIAL)
    /// A queued record was purged before it was sent (shutdown).
    public static let purgeQueue = Self(RD_KAFKA_RESP_ERR__PURGE_QUEUE)
    /// An in-flight record was purged (shutdown); it may still have been stored.
    public static let purgeInflight = Self(RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)
    /// The consumer did not poll within `max.poll.interval.ms` and left the group.
    public static let maxPollExceeded = Self(RD_KAFKA_RESP_ERR__MAX_POLL_EXCEEDED)
    /// The partitions were lost to another consumer (session timeout, fencing).
    public static let assignmentLost = Self(RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST)
    /// The broker does not support the operation.
    public static let unsupportedFeature = Self(RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE)
    /// The offset is outside the partition's retained range.
    public static let offsetOutOfRange = Self(RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE)
    /// The partition has no leader right now.
    public static let leaderNotAvailable = Self(RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
    /// The broker is not the partition's leader (metadata is stale).
    public static let notLeaderForPartition = Self(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
    /// The broker did not answer in time.
    public static let requestTimedOut = Self(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
    /// The broker is not available.
    public static let brokerNotAvailable = Self(RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE)
    /// A replica is not available.
    public static let replicaNotAvailable = Self(RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE)
    /// The connection to the broker failed.
    public static let networkException = Self(RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION)
    /// The group coordinator is loading.
    public static let coordinatorLoadInProgress = Self(RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS)
    /// The group coordinator is not available.
    public static let coordinatorNotAvailable = Self(RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE)
    /// The broker is not the group coordinator.
    public static let notCoordinator = Self(RD_KAFKA_RESP_ERR_NOT_COORDINATOR)
    /// Fewer in-sync replicas than `min.insync.replicas`.
    public static let notEnoughReplicas = Self(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS)
    /// Stored, but fewer in-sync replicas than required afterwards.
    public static let notEnoughReplicasAfterAppend = Self(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND)
    /// The consumer group generation moved on (a rebalance happened).
    public static let illegalGeneration = Self(RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION)
    /// The group is rebalancing.
    public static let rebalanceInProgress = Self(RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS)
    /// The group does not know this member.
    public static let unknownMemberID = Self(RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID)
    /// Not authorized to access the topic.
    public static let topicAuthorizationFailed = Self(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
    /// Not authorized to use the group.
    public static let groupAuthorizationFailed = Self(RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED)
    /// Not authorized for the cluster operation.
    public static let clusterAuthorizationFailed = Self(RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED)
    /// SASL authentication failed.
    public static let saslAuthenticationFailed = Self(RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED)
    /// Local authentication (SASL/TLS) failure.
    public static let authentication = Self(RD_KAFKA_RESP_ERR__AUTHENTICATION)
    /// A TLS failure.
    public static let ssl = Self(RD_KAFKA_RESP_ERR__SSL)
    /// The topic already exists.
    public static let topicAlreadyExists = Self(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
    /// The partition count is invalid.
    public static let invalidPartitions = Self(RD_KAFKA_RESP_ERR_INVALID_PARTITIONS)
    /// The replication factor is invalid (e.g. larger than the number of brokers).
    public static let invalidReplicationFactor = Self(RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR)
    /// A topic configuration is invalid.
    public static let invalidConfig = Self(RD_KAFKA_RESP_ERR_INVALID_CONFIG)
    /// The request violates a broker policy.
    public static let policyViolation = Self(RD_KAFKA_RESP_ERR_POLICY_VIOLATION)
    /// The broker does not support the request's version.
    public static let unsupportedVersion = Self(RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION)
    /// The broker's storage failed.
    public static let kafkaStorageError = Self(RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR)
    /// The fetch session is unknown to the broker.
    public static let fetchSessionIDNotFound = Self(RD_KAFKA_RESP_ERR_FETCH_SESSION_ID_NOT_FOUND)
    /// The fetch session epoch is invalid.
    public static let invalidFetchSessionEpoch = Self(RD_KAFKA_RESP_ERR_INVALID_FETCH_SESSION_EPOCH)
    /// The leader epoch is older than the broker's.
    public static let fencedLeaderEpoch = Self(RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH)
    /// The leader epoch is newer than the broker's.
    public static let unknownLeaderEpoch = Self(RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH)
    /// The offset is not available yet.
    public static let offsetNotAvailable = Self(RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE)
    /// The preferred leader is not available.
    public static let preferredLeaderNotAvailable = Self(RD_KAFKA_RESP_ERR_PREFERRED_LEADER_NOT_AVAILABLE)
    /// The broker throttled the request.
    public static let throttlingQuotaExceeded = Self(RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED)
    /// Another instance with the same `group.instance.id` took over this member (static membership).
    public static let fencedInstanceID = Self(RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID)
    /// The producer was fenced by a newer instance.
    public static let producerFenced = Self(RD_KAFKA_RESP_ERR_PRODUCER_FENCED)
    /// The broker rejected the producer's sequence number.
    public static let outOfOrderSequenceNumber = Self(RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER)
    /// The broker does not know the producer id.
    public static let unknownProducerID = Self(RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID)
    /// The producer epoch is invalid.
    public static let invalidProducerEpoch = Self(RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH)
}
