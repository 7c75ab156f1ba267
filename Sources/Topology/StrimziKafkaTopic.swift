import Yams

/// A Strimzi `KafkaTopic` custom resource (`kafka.strimzi.io/v1beta2`) for one declared topic, so a cluster
/// managed by Strimzi's topic operator gets its topics from the same declarations as `switchboard topics apply`.
public struct StrimziKafkaTopic: Sendable, Hashable {
    /// The resource's API version.
    public static let apiVersion = "kafka.strimzi.io/v1beta2"
    /// The resource's kind.
    public static let kind = "KafkaTopic"

    /// `metadata.name`: the topic name made a valid Kubernetes name (see ``kubernetesName(forTopic:)``).
    public var name: String
    /// `metadata.namespace`, when given; Strimzi's topic operator watches one namespace.
    public var namespace: String?
    /// `metadata.labels`: `strimzi.io/cluster` (which Kafka cluster the topic belongs to) and Switchboard's labels.
    public var labels: [String: String]
    /// `spec.topicName`: the Kafka topic name, set when it differs from ``name``.
    public var topicName: String?
    /// `spec.partitions`.
    public var partitions: Int
    /// `spec.replicas`.
    public var replicas: Int
    /// `spec.config`.
    public var config: [String: String]

    /// The resource for a declaration.
    /// - Parameters:
    ///   - declaration: The topic.
    ///   - cluster: The name of the Strimzi `Kafka` resource, the value of the `strimzi.io/cluster` label.
    ///   - namespace: The namespace to put in the metadata, or `nil` to leave it to `kubectl apply -n`.
    public init(declaration: TopicDeclaration, cluster: String, namespace: String? = nil) {
        let name = Self.kubernetesName(forTopic: declaration.name)
        self.name = name
        self.namespace = namespace
        self.labels = [
            "strimzi.io/cluster": cluster,
            "app.kubernetes.io/part-of": "switchboard",
            "switchboard/topic-role": declaration.role.rawValue,
        ]
        self.topicName = name == declaration.name ? nil : declaration.name
        self.partitions = declaration.partitions
        self.replicas = declaration.replicationFactor
        self.config = declaration.configs
    }

    /// A Kubernetes resource name for a Kafka topic name: lower case, every character other than `a-z`, `0-9`
    /// and `-` (dots, underscores) replaced by `-`, trimmed of leading and trailing dashes, at most 63 characters
    /// (longer names keep their first 54 characters and get a hash of the full name, so they stay unique).
    ///
    /// Dots are legal in some Kubernetes names but not in label values or DNS labels; replacing them keeps the
    /// name usable everywhere, and `spec.topicName` carries the real topic name.
    public static func kubernetesName(forTopic topic: String) -> String {
        var mapped = String(
            topic.lowercased().unicodeScalars.map { scalar -> Character in
                let isAllowed = scalar.isASCII && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
                return isAllowed ? Character(scalar) : "-"
            }
        )
        while mapped.contains("--") {
            mapped = mapped.replacing("--", with: "-")
        }
        let trimmed = mapped.drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed()
        let name = String(trimmed)
        guard name.count > 63 else { return name.isEmpty ? "topic-\(fnv1a(topic))" : name }
        return "\(name.prefix(54))-\(fnv1a(topic))"
    }

    /// The resource as a YAML node, fields in the order people expect to read them.
    var node: Node {
        var metadata: [(Node, Node)] = [("name", Node(name))]
        if let namespace {
            metadata.append(("namespace", Node(namespace)))
        }
        metadata.append(("labels", Node(labels.sorted { $0.key < $1.key }.map { (Node($0.key), Node($0.value, Tag(.str))) })))
        var spec: [(Node, Node)] = []
        if let topicName {
            spec.append(("topicName", Node(topicName, Tag(.str))))
        }
        spec.append(("partitions", Node(String(partitions), Tag(.int))))
        spec.append(("replicas", Node(String(replicas), Tag(.int))))
        spec.append(("config", Node(config.sorted { $0.key < $1.key }.map { (Node($0.key), Self.configValue($0.value)) })))
        let resource: [(Node, Node)] = [
            ("apiVersion", Node(Self.apiVersion)),
            ("kind", Node(Self.kind)),
            ("metadata", Node(metadata)),
            ("spec", Node(spec)),
        ]
        return Node(resource)
    }

    /// Whole numbers and booleans as YAML numbers and booleans (as Strimzi's examples write them), the rest as strings.
    private static func configValue(_ value: String) -> Node {
        if Int(value) != nil {
            return Node(value, Tag(.int))
        }
        if value == "true" || value == "false" {
            return Node(value, Tag(.bool))
        }
        return Node(value, Tag(.str))
    }

    /// 32-bit FNV-1a as 8 hex digits: short, stable across runs and platforms (unlike `Hasher`).
    private static func fnv1a(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
