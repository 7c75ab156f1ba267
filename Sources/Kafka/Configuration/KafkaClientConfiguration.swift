public import Logging

/// The settings every Kafka client (producer, consumer, admin, partition reader) shares.
///
/// The typed settings cover what Switchboard needs; ``additionalProperties`` passes any other librdkafka
/// property through unchanged (see librdkafka's `CONFIGURATION.md`), and wins over a typed setting
/// with the same property name.
public struct KafkaClientConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Comma-separated `host:port` list of brokers to bootstrap from (`bootstrap.servers`). No default.
    public var bootstrapServers: String
    /// The client id brokers see in logs and quotas (`client.id`). Default: `"switchboard"`.
    public var clientID: String
    /// TLS and SASL. Default: plain text.
    public var security: KafkaSecurityConfiguration
    /// Any other librdkafka property, applied after the typed settings. Default: empty.
    public var additionalProperties: [String: String]
    /// The most detailed librdkafka log level forwarded to the logger (`log_level`). Default: `.info`.
    public var logLevel: Logger.Level

    /// Creates a client configuration.
    ///
    /// - Parameters:
    ///   - bootstrapServers: Comma-separated `host:port` list, e.g. `"kafka-0:9092,kafka-1:9092"`.
    ///   - clientID: Default `"switchboard"`.
    ///   - security: Default plain text.
    ///   - additionalProperties: Default empty.
    ///   - logLevel: Default `.info`.
    public init(
        bootstrapServers: String,
        clientID: String = "switchboard",
        security: KafkaSecurityConfiguration = KafkaSecurityConfiguration(),
        additionalProperties: [String: String] = [:],
        logLevel: Logger.Level = .info
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.security = security
        self.additionalProperties = additionalProperties
        self.logLevel = logLevel
    }

    /// The librdkafka properties for these settings, pass-through properties last.
    var properties: [String: String] {
        var properties = security.properties
        properties["bootstrap.servers"] = bootstrapServers
        properties["client.id"] = clientID
        properties["log_level"] = String(logLevel.syslogLevel)
        properties.merge(additionalProperties) { _, passedThrough in passedThrough }
        return properties
    }

    public var description: String {
        let passedThrough = additionalProperties.keys.sorted().map { key in
            "\(key)=\(Self.isSecret(key) ? "<redacted>" : additionalProperties[key] ?? "")"
        }
        return "KafkaClientConfiguration(bootstrap servers: \(bootstrapServers), client id: \(clientID), "
            + "\(security), additional properties: [\(passedThrough.joined(separator: ", "))])"
    }

    /// Whether a librdkafka property holds a secret (password, secret, token, JAAS config), so its value must never be shown or passed as a plain flag.
    public static func isSecret(_ property: String) -> Bool {
        let lowered = property.lowercased()
        return ["password", "secret", "jaas", "key.pem", "token"].contains { lowered.contains($0) }
    }
}

extension Logger.Level {
    /// The syslog severity librdkafka uses for this level (`log_level`, 0–7).
    var syslogLevel: Int {
        switch self {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The logger level for a librdkafka (syslog) severity.
    init(syslogLevel: Int32) {
        switch syslogLevel {
        case ...2: self = .critical
        case 3: self = .error
        case 4: self = .warning
        case 5: self = .notice
        case 6: self = .info
        default: self = .debug
        }
    }
}
