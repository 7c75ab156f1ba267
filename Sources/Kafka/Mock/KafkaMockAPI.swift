/// A Kafka protocol request type, for injecting errors into the mock cluster.
///
/// The values are Kafka's ApiKeys (librdkafka keeps them in a private header).
public struct KafkaMockAPI: Sendable, Hashable, CustomStringConvertible {
    /// The Kafka protocol ApiKey.
    public var apiKey: Int16
    /// A readable name.
    public var name: String

    /// Creates an API from its ApiKey.
    public init(apiKey: Int16, name: String) {
        self.apiKey = apiKey
        self.name = name
    }

    public var description: String { name }

    /// Produce (0).
    public static let produce = Self(apiKey: 0, name: "Produce")
    /// Fetch (1).
    public static let fetch = Self(apiKey: 1, name: "Fetch")
    /// ListOffsets (2).
    public static let listOffsets = Self(apiKey: 2, name: "ListOffsets")
    /// Metadata (3).
    public static let metadata = Self(apiKey: 3, name: "Metadata")
    /// OffsetCommit (8).
    public static let offsetCommit = Self(apiKey: 8, name: "OffsetCommit")
    /// OffsetFetch (9).
    public static let offsetFetch = Self(apiKey: 9, name: "OffsetFetch")
    /// FindCoordinator (10).
    public static let findCoordinator = Self(apiKey: 10, name: "FindCoordinator")
    /// JoinGroup (11).
    public static let joinGroup = Self(apiKey: 11, name: "JoinGroup")
    /// Heartbeat (12).
    public static let heartbeat = Self(apiKey: 12, name: "Heartbeat")
    /// LeaveGroup (13).
    public static let leaveGroup = Self(apiKey: 13, name: "LeaveGroup")
    /// SyncGroup (14).
    public static let syncGroup = Self(apiKey: 14, name: "SyncGroup")
    /// InitProducerId (22).
    public static let initProducerID = Self(apiKey: 22, name: "InitProducerId")
}
