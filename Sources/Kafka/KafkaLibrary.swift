import CRdKafka

/// Facts about the librdkafka library this process loaded.
///
/// Switchboard compiles against Debian's librdkafka-dev headers but may run with a newer library of the
/// same soname (`librdkafka.so.1`), e.g. through `LD_LIBRARY_PATH`; these report what was actually loaded.
public enum KafkaLibrary {
    /// The librdkafka version string, for example `2.16.0`.
    public static var version: String {
        String(cString: rd_kafka_version_str())
    }

    /// The loaded release as a comparable number.
    public static var releaseVersion: KafkaLibraryVersion {
        KafkaLibraryVersion(encoded: Int(rd_kafka_version()))
    }

    /// Whether a cooperative rebalance leaves the partitions that do not move with their owner.
    /// `false` for releases before ``KafkaLibraryVersion/keepsPartitionsOnCooperativeRebalance``.
    public static var keepsPartitionsOnCooperativeRebalance: Bool {
        releaseVersion >= .keepsPartitionsOnCooperativeRebalance
    }

    /// Whether the loaded release offers the KIP-848 consumer group protocol as production-ready.
    public static var supportsConsumerGroupProtocol: Bool {
        releaseVersion >= .consumerGroupProtocol
    }
}
