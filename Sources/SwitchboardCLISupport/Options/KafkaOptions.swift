import ArgumentParser
import Foundation
import Kafka
import Logging

/// The Kafka connection settings every command that talks to Kafka shares (ingress, worker, topics).
///
/// Each is a flag and an environment variable; the SASL and key passwords come only from a variable
/// or a file. Resolve them with ``clientConfiguration(clientID:environment:)``.
package struct KafkaOptions: ParsableArguments {
    package init() {}

    @Option(
        name: .customLong("kafka-bootstrap-servers"),
        help: ArgumentHelp(
            "Kafka brokers, host:port[,host:port...] (env SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS, else KAFKA_BOOTSTRAP_SERVERS; required).",
            valueName: "servers"
        )
    )
    package var bootstrapServers: String?

    @Option(
        name: .customLong("kafka-client-id"),
        help: ArgumentHelp("Client id brokers see (env SWITCHBOARD_KAFKA_CLIENT_ID; default: the command's name).", valueName: "id")
    )
    package var clientID: String?

    @Option(
        name: .customLong("kafka-security-protocol"),
        help: ArgumentHelp(
            "plaintext, ssl, sasl_plaintext or sasl_ssl (env SWITCHBOARD_KAFKA_SECURITY_PROTOCOL; default plaintext).",
            valueName: "protocol"
        )
    )
    package var securityProtocol: String?

    @Option(
        name: .customLong("kafka-sasl-mechanism"),
        help: ArgumentHelp(
            "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI or OAUTHBEARER (env SWITCHBOARD_KAFKA_SASL_MECHANISM; default PLAIN when a username is set).",
            valueName: "mechanism"
        )
    )
    package var saslMechanism: String?

    @Option(
        name: .customLong("kafka-sasl-username"),
        help: ArgumentHelp("SASL username (env SWITCHBOARD_KAFKA_SASL_USERNAME).", valueName: "name")
    )
    package var saslUsername: String?

    @Option(
        name: .customLong("kafka-sasl-password-file"),
        help: ArgumentHelp(
            "File holding the SASL password (env SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE); or set SWITCHBOARD_KAFKA_SASL_PASSWORD. Never a plain flag.",
            valueName: "path"
        )
    )
    package var saslPasswordFile: String?

    @Option(
        name: .customLong("kafka-ssl-ca-location"),
        help: ArgumentHelp(
            "CA certificates that sign the brokers' certificates (env SWITCHBOARD_KAFKA_SSL_CA_LOCATION; default: system trust store).",
            valueName: "path"
        )
    )
    package var caLocation: String?

    @Option(
        name: .customLong("kafka-ssl-certificate-location"),
        help: ArgumentHelp("Client certificate for mutual TLS (env SWITCHBOARD_KAFKA_SSL_CERTIFICATE_LOCATION).", valueName: "path")
    )
    package var certificateLocation: String?

    @Option(
        name: .customLong("kafka-ssl-key-location"),
        help: ArgumentHelp("Client private key for mutual TLS (env SWITCHBOARD_KAFKA_SSL_KEY_LOCATION).", valueName: "path")
    )
    package var keyLocation: String?

    @Option(
        name: .customLong("kafka-ssl-key-password-file"),
        help: ArgumentHelp(
            "File holding the private key's password (env SWITCHBOARD_KAFKA_SSL_KEY_PASSWORD_FILE); or set SWITCHBOARD_KAFKA_SSL_KEY_PASSWORD.",
            valueName: "path"
        )
    )
    package var keyPasswordFile: String?

    @Option(
        name: .customLong("kafka-ssl-endpoint-identification"),
        help: ArgumentHelp(
            "https checks the broker host name against its certificate; none skips it (env SWITCHBOARD_KAFKA_SSL_ENDPOINT_IDENTIFICATION; default https).",
            valueName: "https|none"
        )
    )
    package var endpointIdentification: String?

    @Option(
        name: .customLong("kafka-property"),
        help: ArgumentHelp(
            "Any librdkafka property as key=value; repeatable; wins over the settings above (env SWITCHBOARD_KAFKA_PROPERTIES, entries separated by ';' or newlines). Secret properties only through the variable.",
            valueName: "key=value"
        )
    )
    package var properties: [String] = []

    @Option(
        name: .customLong("kafka-log-level"),
        help: ArgumentHelp(
            "Most detailed librdkafka log level forwarded: trace, debug, info, notice, warning, error, critical (env SWITCHBOARD_KAFKA_LOG_LEVEL; default info).",
            valueName: "level"
        )
    )
    package var logLevel: String?

    /// The bootstrap servers from the flag or the environment, or `nil` when none is set.
    package func resolvedBootstrapServers(environment: SettingsEnvironment = .process) throws -> String? {
        try environment.optionalValue(bootstrapServers, "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS")
            ?? environment.optionalValue(nil as String?, "KAFKA_BOOTSTRAP_SERVERS")
    }

    /// The client configuration these options describe.
    ///
    /// - Parameters:
    ///   - clientID: The client id when none is set, e.g. `switchboard-worker`.
    ///   - environment: Where the `SWITCHBOARD_KAFKA_…` variables are read from.
    /// - Throws: `ValidationError` naming the flag or variable that is missing or invalid.
    package func clientConfiguration(clientID: String, environment: SettingsEnvironment = .process) throws -> KafkaClientConfiguration {
        guard let servers = try resolvedBootstrapServers(environment: environment) else {
            throw ValidationError("set the Kafka brokers with --kafka-bootstrap-servers or SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS")
        }
        return KafkaClientConfiguration(
            bootstrapServers: servers,
            clientID: try environment.value(self.clientID, "SWITCHBOARD_KAFKA_CLIENT_ID", default: clientID),
            security: try security(environment: environment),
            additionalProperties: try passThroughProperties(environment: environment),
            logLevel: try parsedLogLevel(environment: environment)
        )
    }

    private func security(environment: SettingsEnvironment) throws -> KafkaSecurityConfiguration {
        let securityProtocol = try environment.parsed(
            securityProtocol, flag: "--kafka-security-protocol", "SWITCHBOARD_KAFKA_SECURITY_PROTOCOL", default: "plaintext",
            expected: Self.names(KafkaSecurityConfiguration.SecurityProtocol.allCases.map(\.rawValue))
        ) { KafkaSecurityConfiguration.SecurityProtocol(rawValue: $0.lowercased()) } ?? .plaintext
        let username = try environment.optionalValue(saslUsername, "SWITCHBOARD_KAFKA_SASL_USERNAME")
        let password = try environment.secret(fileFlag: saslPasswordFile, "SWITCHBOARD_KAFKA_SASL_PASSWORD")
        var mechanism = try environment.parsed(
            saslMechanism, flag: "--kafka-sasl-mechanism", "SWITCHBOARD_KAFKA_SASL_MECHANISM",
            expected: Self.names(KafkaSecurityConfiguration.SASLMechanism.allCases.map(\.rawValue))
        ) { KafkaSecurityConfiguration.SASLMechanism(rawValue: $0.uppercased()) }
        if mechanism == nil, username != nil {
            mechanism = .plain
        }
        if !securityProtocol.usesSASL && (username != nil || password != nil || mechanism != nil) {
            throw ValidationError("SASL settings need --kafka-security-protocol sasl_plaintext or sasl_ssl (got \(securityProtocol.rawValue))")
        }
        if let mechanism, [.plain, .scramSHA256, .scramSHA512].contains(mechanism), username == nil || password == nil {
            throw ValidationError(
                "SASL \(mechanism.rawValue) needs a username (--kafka-sasl-username) and a password "
                    + "(SWITCHBOARD_KAFKA_SASL_PASSWORD or --kafka-sasl-password-file)"
            )
        }
        let verifiesBrokerHostname = try environment.parsed(
            endpointIdentification, flag: "--kafka-ssl-endpoint-identification", "SWITCHBOARD_KAFKA_SSL_ENDPOINT_IDENTIFICATION",
            default: "https", expected: "https or none"
        ) { ["https": true, "none": false][$0] } ?? true
        return KafkaSecurityConfiguration(
            securityProtocol: securityProtocol,
            saslMechanism: mechanism,
            saslUsername: username,
            saslPassword: password,
            caLocation: try environment.optionalValue(caLocation, "SWITCHBOARD_KAFKA_SSL_CA_LOCATION"),
            certificateLocation: try environment.optionalValue(certificateLocation, "SWITCHBOARD_KAFKA_SSL_CERTIFICATE_LOCATION"),
            keyLocation: try environment.optionalValue(keyLocation, "SWITCHBOARD_KAFKA_SSL_KEY_LOCATION"),
            keyPassword: try environment.secret(fileFlag: keyPasswordFile, "SWITCHBOARD_KAFKA_SSL_KEY_PASSWORD"),
            verifiesBrokerHostname: verifiesBrokerHostname
        )
    }

    private func passThroughProperties(environment: SettingsEnvironment) throws -> [String: String] {
        var result: [String: String] = [:]
        if let raw = environment.variables["SWITCHBOARD_KAFKA_PROPERTIES"] {
            let entries = raw.split(whereSeparator: { $0 == ";" || $0 == "\n" })
            for entry in entries where !entry.allSatisfy(\.isWhitespace) {
                let (key, value) = try Self.parseProperty(String(entry), source: "SWITCHBOARD_KAFKA_PROPERTIES")
                result[key] = value
            }
        }
        for entry in properties {
            let (key, value) = try Self.parseProperty(entry, source: "--kafka-property")
            guard !KafkaClientConfiguration.isSecret(key) else {
                throw ValidationError("--kafka-property \(key) holds a secret; pass it through SWITCHBOARD_KAFKA_PROPERTIES instead of a flag")
            }
            result[key] = value
        }
        return result
    }

    /// `key=value`, trimmed. An entry without `=` is not echoed: it may be a secret with the wrong separator.
    package static func parseProperty(_ entry: String, source: String) throws -> (String, String) {
        guard let separator = entry.firstIndex(of: "=") else {
            throw ValidationError("\(source): expected key=value entries; an entry has no '='")
        }
        let key = entry[..<separator].trimmingCharacters(in: .whitespaces)
        let value = entry[entry.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw ValidationError("\(source): a property has an empty key") }
        return (key, value)
    }

    private func parsedLogLevel(environment: SettingsEnvironment) throws -> Logger.Level {
        try environment.parsed(
            logLevel, flag: "--kafka-log-level", "SWITCHBOARD_KAFKA_LOG_LEVEL", default: "info",
            expected: "trace, debug, info, notice, warning, error or critical"
        ) { Logger.Level(rawValue: $0.lowercased()) } ?? .info
    }

    /// "a, b or c".
    private static func names(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}
