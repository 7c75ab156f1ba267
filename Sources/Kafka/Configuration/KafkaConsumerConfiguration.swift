/// How a ``KafkaConsumer`` joins its group, reads and commits.
///
/// Offsets are never stored automatically: a record counts as processed only when the caller stores or
/// commits `offset + 1` (``KafkaConsumer/store(_:)``, ``KafkaConsumer/commit(_:)``).
public struct KafkaConsumerConfiguration: Sendable, Hashable {
    /// Where a partition without a committed offset starts (`auto.offset.reset`).
    public enum OffsetReset: String, Sendable, Hashable {
        /// The oldest retained record.
        case earliest
        /// Only records produced after the consumer started.
        case latest
    }

    /// How the group spreads partitions over its members (`partition.assignment.strategy`).
    public enum AssignmentStrategy: String, Sendable, Hashable, CaseIterable {
        /// Incremental (COOPERATIVE protocol): a rebalance moves only the partitions that change owner;
        /// the others keep being consumed.
        case cooperativeSticky = "cooperative-sticky"
        /// Ranges of partitions per topic (EAGER protocol: every rebalance revokes all partitions).
        case range
        /// Round robin over all partitions (EAGER protocol).
        case roundRobin = "roundrobin"
    }

    /// Which consumer group protocol the member speaks (`group.protocol`).
    public enum GroupProtocol: String, Sendable, Hashable, CaseIterable {
        /// The classic protocol: members join, the group leader assigns; with cooperative-sticky, only
        /// moving partitions are revoked (on librdkafka releases that get it right).
        case classic
        /// The next-generation protocol (KIP-848): the broker assigns and reconciles each member
        /// incrementally, with no group-wide barrier. Needs Kafka 4.0+ brokers and a librdkafka of
        /// ``KafkaLibraryVersion/consumerGroupProtocol`` or later; the broker then owns the session timeout,
        /// heartbeat interval and assignor, so those settings are not sent.
        case consumer
    }

    /// The connection, security and pass-through settings.
    public var client: KafkaClientConfiguration
    /// The consumer group (`group.id`). No default.
    public var groupID: String
    /// A stable member id for static membership (`group.instance.id`), e.g. a StatefulSet pod name.
    /// Default: `nil` (dynamic membership; a clean close leaves the group at once).
    public var groupInstanceID: String?
    /// How long the group waits for a silent member before it moves its partitions (`session.timeout.ms`).
    /// Default: 45 s.
    public var sessionTimeout: Duration
    /// How often the member tells the coordinator it is alive (`heartbeat.interval.ms`). Default: 3 s.
    public var heartbeatInterval: Duration
    /// The longest the consumer may go without being polled before it leaves the group
    /// (`max.poll.interval.ms`); the poll thread polls continuously, so this bounds stuck rebalances only.
    /// Default: 300 s.
    public var maxPollInterval: Duration
    /// Where a partition without a committed offset starts. Default: `.earliest`, so a new group
    /// processes what is already in the topic rather than silently skipping it.
    public var autoOffsetReset: OffsetReset
    /// The partition assignment strategy. Default: `.cooperativeSticky`, chosen on evidence with librdkafka
    /// 2.0.2: a rebalance moves only the partitions that change owner (an eager rebalance stops every
    /// partition of every worker, which a 15-second call window cannot afford), and the revoke listener's
    /// commit lands before the partition moves (on the 2.0.2 mock cluster an eager revoke's commit is
    /// refused with REBALANCE_IN_PROGRESS). Repeated join/leave/close runs showed no hang or CPU loop with
    /// either strategy; `.range` remains available should a 2.0.2 cooperative bug show up in production.
    public var assignmentStrategy: AssignmentStrategy
    /// How often stored offsets are committed in the background (`auto.commit.interval.ms`);
    /// `nil` commits only on explicit ``KafkaConsumer/commit(_:)`` / ``KafkaConsumer/commitStored()``.
    /// Default: 5 s.
    public var autoCommitInterval: Duration?
    /// Records buffered in Swift before fetching is paused; fetching resumes below half of it.
    /// Bounds memory however slowly records are read. Default: 1,000.
    public var bufferCapacity: Int
    /// How long the consumer waits for the rebalance listener's `partitionsRevoked` before it gives
    /// the partitions up without its offsets. Default: 30 s.
    public var rebalanceTimeout: Duration
    /// The consumer group protocol. Default: `.classic`, which every broker speaks.
    public var groupProtocol: GroupProtocol
    /// The longest a broker holds a fetch that has no new records (`fetch.wait.max.ms`). Default: 25 ms
    /// (librdkafka's own default is 500 ms).
    ///
    /// A real broker answers a waiting fetch as soon as records arrive, so this bounds latency only where
    /// the broker does not: librdkafka's mock cluster (the embedded broker of `switchboard dev` and the
    /// benchmarks) holds the fetch for the whole wait, adding up to this much to every record's receive →
    /// Graph time. The cost of a short wait is on idle partitions: each broker connection sends about
    /// 1 s / wait empty fetches per second (40/s at 25 ms, against 2/s at 500 ms), a few hundred bytes
    /// each way and a few microseconds of CPU per fetch on either side. A
    /// `fetch.wait.max.ms` in ``KafkaClientConfiguration/additionalProperties`` takes precedence.
    public var fetchWaitMax: Duration

    /// Creates a consumer configuration.
    ///
    /// - Parameters:
    ///   - client: Connection, security and pass-through settings.
    ///   - groupID: The consumer group.
    ///   - groupInstanceID: Default `nil`.
    ///   - sessionTimeout: Default 45 s.
    ///   - heartbeatInterval: Default 3 s.
    ///   - maxPollInterval: Default 300 s.
    ///   - autoOffsetReset: Default `.earliest`.
    ///   - assignmentStrategy: Default `.cooperativeSticky`.
    ///   - autoCommitInterval: Default 5 s; `nil` for explicit commits only.
    ///   - bufferCapacity: Default 1,000 records.
    ///   - rebalanceTimeout: Default 30 s.
    ///   - groupProtocol: Default `.classic`.
    ///   - fetchWaitMax: Default 25 ms.
    public init(
        client: KafkaClientConfiguration,
        groupID: String,
        groupInstanceID: String? = nil,
        sessionTimeout: Duration = .seconds(45),
        heartbeatInterval: Duration = .seconds(3),
        maxPollInterval: Duration = .seconds(300),
        autoOffsetReset: OffsetReset = .earliest,
        assignmentStrategy: AssignmentStrategy = .cooperativeSticky,
        autoCommitInterval: Duration? = .seconds(5),
        bufferCapacity: Int = 1_000,
        rebalanceTimeout: Duration = .seconds(30),
        groupProtocol: GroupProtocol = .classic,
        fetchWaitMax: Duration = .milliseconds(25)
    ) {
        self.client = client
        self.groupID = groupID
        self.groupInstanceID = groupInstanceID
        self.sessionTimeout = sessionTimeout
        self.heartbeatInterval = heartbeatInterval
        self.maxPollInterval = maxPollInterval
        self.autoOffsetReset = autoOffsetReset
        self.assignmentStrategy = assignmentStrategy
        self.autoCommitInterval = autoCommitInterval
        self.bufferCapacity = bufferCapacity
        self.rebalanceTimeout = rebalanceTimeout
        self.groupProtocol = groupProtocol
        self.fetchWaitMax = fetchWaitMax
    }

    /// Properties this module sets itself because its offset and rebalance contracts depend on them.
    static let managedProperties: Set<String> = [
        "enable.auto.offset.store", "enable.auto.commit", "group.id", "enable.partition.eof", "group.protocol",
    ]

    /// The librdkafka properties, after checking the settings.
    ///
    /// - Parameter library: The loaded librdkafka release, which must offer the chosen group protocol.
    /// - Throws: ``KafkaError/Code/invalidArgument`` for an empty group id, a non-positive buffer capacity,
    ///   a pass-through property this module manages itself, or the consumer protocol on a librdkafka
    ///   that lacks it.
    func properties(library: KafkaLibraryVersion = KafkaLibrary.releaseVersion) throws(KafkaError) -> [String: String] {
        guard !groupID.isEmpty else {
            throw KafkaError(.invalidArgument, message: "the consumer group id must not be empty")
        }
        guard fetchWaitMax > .zero else {
            throw KafkaError(.invalidArgument, message: "fetchWaitMax must be positive, got \(fetchWaitMax)")
        }
        guard bufferCapacity > 0 else {
            throw KafkaError(.invalidArgument, message: "bufferCapacity must be at least 1, got \(bufferCapacity)")
        }
        let overridden = Self.managedProperties.intersection(client.additionalProperties.keys)
        guard overridden.isEmpty else {
            throw KafkaError(
                .invalidArgument,
                message: "the consumer manages \(overridden.sorted().joined(separator: ", ")) itself; "
                    + "use groupID, groupProtocol and autoCommitInterval instead of additionalProperties"
            )
        }
        var properties: [String: String] = [
            "group.id": groupID,
            "max.poll.interval.ms": String(maxPollInterval.kafkaMilliseconds),
            "auto.offset.reset": autoOffsetReset.rawValue,
            "enable.auto.offset.store": "false",
            "enable.auto.commit": autoCommitInterval == nil ? "false" : "true",
            "enable.partition.eof": "false",
            "fetch.wait.max.ms": String(fetchWaitMax.kafkaMilliseconds),
        ]
        switch groupProtocol {
        case .classic:
            properties["session.timeout.ms"] = String(sessionTimeout.kafkaMilliseconds)
            properties["heartbeat.interval.ms"] = String(heartbeatInterval.kafkaMilliseconds)
            properties["partition.assignment.strategy"] = assignmentStrategy.rawValue
        case .consumer:
            guard library >= .consumerGroupProtocol else {
                throw KafkaError(
                    .invalidArgument,
                    message: "the consumer group protocol (KIP-848) needs librdkafka \(KafkaLibraryVersion.consumerGroupProtocol) "
                        + "or later, but librdkafka \(library) is loaded; load a current librdkafka or use the classic protocol"
                )
            }
            // librdkafka refuses session.timeout.ms, heartbeat.interval.ms and partition.assignment.strategy
            // with this protocol: the broker's group configuration decides them.
            properties["group.protocol"] = "consumer"
        }
        if let autoCommitInterval {
            properties["auto.commit.interval.ms"] = String(autoCommitInterval.kafkaMilliseconds)
        }
        if let groupInstanceID {
            properties["group.instance.id"] = groupInstanceID
        }
        properties.merge(client.properties) { _, client in client }
        return properties
    }
}
