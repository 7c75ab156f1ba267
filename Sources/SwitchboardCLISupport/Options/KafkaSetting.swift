public import Kafka
public import Logging

/// The Kafka connection settings every command that talks to Kafka shares (``KafkaOptions``).
package enum KafkaSetting {
    package static let bootstrapServers = Setting<String?>(
        flag: "kafka-bootstrap-servers", variable: "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", defaultText: "required",
        abstract: "Kafka brokers, host:port[,host:port...]; else KAFKA_BOOTSTRAP_SERVERS", valueName: "servers")
    package static let bootstrapServersFallback = Setting<String?>(
        flag: nil, variable: "KAFKA_BOOTSTRAP_SERVERS", defaultText: "none",
        abstract: "Kafka brokers when SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS is not set", valueName: "servers")
    package static let clientID = Setting<String?>(
        flag: "kafka-client-id", variable: "SWITCHBOARD_KAFKA_CLIENT_ID", defaultText: "the command's name",
        abstract: "Client id brokers see", valueName: "id")
    package static let securityProtocol = Setting<KafkaSecurityConfiguration.SecurityProtocol>(
        flag: "kafka-security-protocol", variable: "SWITCHBOARD_KAFKA_SECURITY_PROTOCOL", default: .plaintext,
        defaultText: "plaintext", abstract: "plaintext, ssl, sasl_plaintext or sasl_ssl", valueName: "protocol",
        expected: names(KafkaSecurityConfiguration.SecurityProtocol.allCases.map(\.rawValue)),
        parse: { KafkaSecurityConfiguration.SecurityProtocol(rawValue: $0.lowercased()) })
    package static let saslMechanism = Setting<KafkaSecurityConfiguration.SASLMechanism?>(
        flag: "kafka-sasl-mechanism", variable: "SWITCHBOARD_KAFKA_SASL_MECHANISM", default: nil,
        defaultText: "PLAIN when a username is set", abstract: "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI or OAUTHBEARER",
        valueName: "mechanism", expected: names(KafkaSecurityConfiguration.SASLMechanism.allCases.map(\.rawValue)),
        parse: { KafkaSecurityConfiguration.SASLMechanism(rawValue: $0.uppercased()).map { .some($0) } })
    package static let saslUsername = Setting<String?>(
        flag: "kafka-sasl-username", variable: "SWITCHBOARD_KAFKA_SASL_USERNAME", defaultText: "none",
        abstract: "SASL username", valueName: "name")
    package static let saslPasswordFile = Setting<String?>(
        flag: "kafka-sasl-password-file", variable: "SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE", defaultText: "none",
        abstract: "File holding the SASL password, which is never a plain flag", valueName: "path")
    package static let saslPassword = Setting<String?>(
        flag: nil, variable: "SWITCHBOARD_KAFKA_SASL_PASSWORD", defaultText: "none",
        abstract: "The SASL password itself, instead of a file", valueName: "password")
    package static let caLocation = Setting<String?>(
        flag: "kafka-ssl-ca-location", variable: "SWITCHBOARD_KAFKA_SSL_CA_LOCATION", defaultText: "the system trust store",
        abstract: "CA certificates that sign the brokers' certificates", valueName: "path")
    package static let certificateLocation = Setting<String?>(
        flag: "kafka-ssl-certificate-location", variable: "SWITCHBOARD_KAFKA_SSL_CERTIFICATE_LOCATION", defaultText: "none",
        abstract: "Client certificate for mutual TLS", valueName: "path")
    package static let keyLocation = Setting<String?>(
        flag: "kafka-ssl-key-location", variable: "SWITCHBOARD_KAFKA_SSL_KEY_LOCATION", defaultText: "none",
        abstract: "Client private key for mutual TLS", valueName: "path")
    package static let keyPasswordFile = Setting<String?>(
        flag: "kafka-ssl-key-password-file", variable: "SWITCHBOARD_KAFKA_SSL_KEY_PASSWORD_FILE", defaultText: "none",
        abstract: "File holding the private key's password", valueName: "path")
    package static let keyPassword = Setting<String?>(
        flag: nil, variable: "SWITCHBOARD_KAFKA_SSL_KEY_PASSWORD", defaultText: "none",
        abstract: "The private key's password itself, instead of a file", valueName: "password")
    package static let endpointIdentification = Setting<Bool>(
        flag: "kafka-ssl-endpoint-identification", variable: "SWITCHBOARD_KAFKA_SSL_ENDPOINT_IDENTIFICATION", default: true,
        defaultText: "https", abstract: "https checks the broker host name against its certificate; none skips it",
        valueName: "https|none", expected: "https or none", parse: { ["https": true, "none": false][$0] })
    package static let properties = Setting<[String]>(
        flag: "kafka-property", variable: "SWITCHBOARD_KAFKA_PROPERTIES", default: [], defaultText: "none",
        abstract: "Any librdkafka property as key=value, winning over the settings above; repeatable, or separated by ';' or newlines in the variable; secret properties only through the variable",
        valueName: "key=value",
        parse: { text in text.split(whereSeparator: { $0 == ";" || $0 == "\n" }).map(String.init) })
    package static let logLevel = Setting<Logger.Level>(
        flag: "kafka-log-level", variable: "SWITCHBOARD_KAFKA_LOG_LEVEL", default: .info, defaultText: "info",
        abstract: "Most detailed librdkafka log level forwarded: trace, debug, info, notice, warning, error, critical",
        valueName: "level", expected: "trace, debug, info, notice, warning, error or critical",
        parse: { Logger.Level(rawValue: $0.lowercased()) })

    /// Every Kafka setting, in `--help`'s order.
    package static let rows: [SettingRow] = [
        bootstrapServers.row, bootstrapServersFallback.row, clientID.row, securityProtocol.row, saslMechanism.row,
        saslUsername.row, saslPasswordFile.row, saslPassword.row, caLocation.row, certificateLocation.row, keyLocation.row,
        keyPasswordFile.row, keyPassword.row, endpointIdentification.row, properties.row, logLevel.row,
    ]

    /// "a, b or c".
    static func names(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}
