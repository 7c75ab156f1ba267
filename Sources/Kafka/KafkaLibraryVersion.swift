/// A librdkafka release number, as `rd_kafka_version()` encodes it (`0xMMmmrrpp`).
public struct KafkaLibraryVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major release, e.g. 2.
    public var major: Int
    /// The minor release, e.g. 16.
    public var minor: Int
    /// The patch release, e.g. 0.
    public var patch: Int

    /// Creates a version from its parts.
    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Decodes librdkafka's integer form: major, minor and patch in the three high bytes; the low byte
    /// (pre-release id, 0xff for a final release) does not take part in comparisons.
    public init(encoded: Int) {
        self.init((encoded >> 24) & 0xff, (encoded >> 16) & 0xff, (encoded >> 8) & 0xff)
    }

    /// The first release that keeps a member's own partitions through a cooperative rebalance while the
    /// member commits. Before it (Debian bookworm's 2.0.2 among them), a commit answered ILLEGAL_GENERATION
    /// during the rebalance marks the whole assignment lost, so every partition of every committing member
    /// is revoked and reassigned, and calls on partitions that do not move wait for the round
    /// (librdkafka #4059, fixed by #4908 in 2.10.0; bisected over releases 2.0.2–2.16.0 on the embedded
    /// broker, see the README's "librdkafka" section).
    public static let keepsPartitionsOnCooperativeRebalance = Self(2, 10, 0)

    /// The first release with the next-generation consumer group protocol (KIP-848,
    /// `group.protocol=consumer`) marked production-ready (General Availability in its changelog).
    public static let consumerGroupProtocol = Self(2, 12, 0)

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }
}
