/// How a ``KafkaProducer`` sends records.
///
/// The defaults favour not losing a record: idempotent delivery with `acks=all`.
public struct KafkaProducerConfiguration: Sendable, Hashable {
    /// How many replicas must store a record before it counts as delivered (`acks`).
    public enum Acknowledgements: String, Sendable, Hashable {
        /// All in-sync replicas (`acks=all`); required by idempotence.
        case all = "all"
        /// Only the leader (`acks=1`).
        case leader = "1"
        /// None; the producer does not wait (`acks=0`).
        case none = "0"
    }

    /// Record batch compression (`compression.codec`).
    public enum Compression: String, Sendable, Hashable, CaseIterable {
        /// No compression.
        case none
        /// gzip.
        case gzip
        /// Snappy.
        case snappy
        /// LZ4.
        case lz4
        /// Zstandard.
        case zstd
    }

    /// How keys map to partitions (`partitioner`).
    public enum Partitioner: String, Sendable, Hashable {
        /// murmur2 of the key, like Java clients, so other producers agree on a key's partition; random without a key.
        case murmur2Random = "murmur2_random"
        /// CRC32 of the key (librdkafka's own default); random without a key.
        case consistentRandom = "consistent_random"
    }

    /// The connection, security and pass-through settings.
    public var client: KafkaClientConfiguration
    /// Idempotent delivery (`enable.idempotence`): no duplicates or reordering from the producer's own retries.
    /// Forces `acks=all`. Default: `true`.
    public var idempotent: Bool
    /// Required acknowledgements (`acks`). Default: `.all`; must be `.all` when ``idempotent``.
    public var acknowledgements: Acknowledgements
    /// How long to wait for more records to batch (`linger.ms`). Default: 5 ms.
    public var linger: Duration
    /// The longest a record may wait for delivery, retries included, before `send` throws
    /// ``KafkaError/Code/messageTimedOut`` (`message.timeout.ms`). Default: 30 s.
    public var messageTimeout: Duration
    /// Batch compression (`compression.codec`). Default: `.none`.
    public var compression: Compression
    /// The partitioner (`partitioner`). Default: `.murmur2Random` (Java-compatible).
    public var partitioner: Partitioner
    /// The most records waiting in the local queue; beyond it `send` throws ``KafkaError/Code/queueFull``
    /// (`queue.buffering.max.messages`). Default: 100,000.
    public var maxQueuedRecords: Int
    /// The largest record the client accepts (`message.max.bytes`). Default: 1,000,000 bytes.
    public var maxRecordBytes: Int
    /// How long ``KafkaProducer/run()`` waits for queued records when the service group shuts down. Default: 10 s.
    public var shutdownFlushTimeout: Duration

    /// Creates a producer configuration.
    ///
    /// - Parameters:
    ///   - client: Connection, security and pass-through settings.
    ///   - idempotent: Default `true`.
    ///   - acknowledgements: Default `.all`.
    ///   - linger: Default 5 ms.
    ///   - messageTimeout: Default 30 s.
    ///   - compression: Default `.none`.
    ///   - partitioner: Default `.murmur2Random`.
    ///   - maxQueuedRecords: Default 100,000.
    ///   - maxRecordBytes: Default 1,000,000.
    ///   - shutdownFlushTimeout: Default 10 s.
    public init(
        client: KafkaClientConfiguration,
        idempotent: Bool = true,
        acknowledgements: Acknowledgements = .all,
        linger: Duration = .milliseconds(5),
        messageTimeout: Duration = .seconds(30),
        compression: Compression = .none,
        partitioner: Partitioner = .murmur2Random,
        maxQueuedRecords: Int = 100_000,
        maxRecordBytes: Int = 1_000_000,
        shutdownFlushTimeout: Duration = .seconds(10)
    ) {
        self.client = client
        self.idempotent = idempotent
        self.acknowledgements = acknowledgements
        self.linger = linger
        self.messageTimeout = messageTimeout
        self.compression = compression
        self.partitioner = partitioner
        self.maxQueuedRecords = maxQueuedRecords
        self.maxRecordBytes = maxRecordBytes
        self.shutdownFlushTimeout = shutdownFlushTimeout
    }

    /// The librdkafka properties, after checking the settings agree with each other.
    ///
    /// - Throws: ``KafkaError/Code/invalidArgument`` when idempotence is combined with `acks` other than all.
    func properties() throws(KafkaError) -> [String: String] {
        if idempotent && acknowledgements != .all {
            throw KafkaError(
                .invalidArgument,
                message: "an idempotent producer needs acknowledgements .all (acks=all); got acks=\(acknowledgements.rawValue)"
            )
        }
        var properties: [String: String] = [
            "enable.idempotence": idempotent ? "true" : "false",
            "acks": acknowledgements.rawValue,
            "linger.ms": String(linger.kafkaMilliseconds),
            "message.timeout.ms": String(messageTimeout.kafkaMilliseconds),
            "compression.codec": compression.rawValue,
            "partitioner": partitioner.rawValue,
            "queue.buffering.max.messages": String(maxQueuedRecords),
            "message.max.bytes": String(maxRecordBytes),
        ]
        properties.merge(client.properties) { _, client in client }
        return properties
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a positive duration never becomes 0 (librdkafka's unit).
    var kafkaMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(clamping: max(0, milliseconds))
    }
}
