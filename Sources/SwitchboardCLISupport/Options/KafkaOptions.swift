public import ArgumentParser
import Foundation
public import Kafka
import Logging

/// The Kafka connection settings every command that talks to Kafka shares (ingress, worker, topics).
///
/// Each is a flag and an environment variable; the SASL and key passwords come only from a variable
/// or a file. Resolve them with ``clientConfiguration(clientID:environment:)``.
package struct KafkaOptions: ParsableArguments {
    package init() {}

    @Option(name: KafkaSetting.bootstrapServers.name, help: KafkaSetting.bootstrapServers.help)
    package var bootstrapServers: String?

    @Option(name: KafkaSetting.clientID.name, help: KafkaSetting.clientID.help)
    package var clientID: String?

    @Option(name: KafkaSetting.securityProtocol.name, help: KafkaSetting.securityProtocol.help)
    package var securityProtocol: String?

    @Option(name: KafkaSetting.saslMechanism.name, help: KafkaSetting.saslMechanism.help)
    package var saslMechanism: String?

    @Option(name: KafkaSetting.saslUsername.name, help: KafkaSetting.saslUsername.help)
    package var saslUsername: String?

    @Option(name: KafkaSetting.saslPasswordFile.name, help: KafkaSetting.saslPasswordFile.help)
    package var saslPasswordFile: String?

    @Option(name: KafkaSetting.caLocation.name, help: KafkaSetting.caLocation.help)
    package var caLocation: String?

    @Option(name: KafkaSetting.certificateLocation.name, help: KafkaSetting.certificateLocation.help)
    package var certificateLocation: String?

    @Option(name: KafkaSetting.keyLocation.name, help: KafkaSetting.keyLocation.help)
    package var keyLocation: String?

    @Option(name: KafkaSetting.keyPasswordFile.name, help: KafkaSetting.keyPasswordFile.help)
    package var keyPasswordFile: String?

    @Option(name: KafkaSetting.endpointIdentification.name, help: KafkaSetting.endpointIdentification.help)
    package var endpointIdentification: String?

    @Option(name: KafkaSetting.properties.name, help: KafkaSetting.properties.help)
    package var properties: [String] = []

    @Option(name: KafkaSetting.logLevel.name, help: KafkaSetting.logLevel.help)
    package var logLevel: String?

    /// The bootstrap servers from the flag or the environment, or `nil` when none is set.
    package func resolvedBootstrapServers(environment: SettingsEnvironment = .process) throws -> String? {
        try environment.optional(bootstrapServers, KafkaSetting.bootstrapServers)
            ?? environment.optional(nil, KafkaSetting.bootstrapServersFallback)
    }

    /// The client configuration these options describe.
    ///
    /// - Parameters:
    ///   - clientID: The client id when none is set, e.g. `switchboard-worker`.
    ///   - environment: Where the `SWITCHBOARD_KAFKA_…` variables are read from.
    /// - Throws: `ValidationError` naming the flag or variable that is missing or invalid.
    package func clientConfiguration(clientID: String, environment: SettingsEnvironment = .process) throws -> KafkaClientConfiguration {
        guard let servers = try resolvedBootstrapServers(environment: environment) else {
            let setting = KafkaSetting.bootstrapServers
            throw ValidationError("set the Kafka brokers with \(setting.option) or \(setting.variable)")
        }
        return KafkaClientConfiguration(
            bootstrapServers: servers,
            clientID: try environment.optional(self.clientID, KafkaSetting.clientID) ?? clientID,
            security: try security(environment: environment),
            additionalProperties: try passThroughProperties(environment: environment),
            logLevel: try parsedLogLevel(environment: environment)
        )
    }

    private func security(environment: SettingsEnvironment) throws -> KafkaSecurityConfiguration {
        let securityProtocol = try environment.value(text: securityProtocol, KafkaSetting.securityProtocol)
        let username = try environment.optional(saslUsername, KafkaSetting.saslUsername)
        let password = try environment.secret(
            fileFlag: saslPasswordFile, file: KafkaSetting.saslPasswordFile, value: KafkaSetting.saslPassword)
        var mechanism = try environment.value(text: saslMechanism, KafkaSetting.saslMechanism)
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
        let verifiesBrokerHostname = try environment.value(text: endpointIdentification, KafkaSetting.endpointIdentification)
        return KafkaSecurityConfiguration(
            securityProtocol: securityProtocol,
            saslMechanism: mechanism,
            saslUsername: username,
            saslPassword: password,
            caLocation: try environment.optional(caLocation, KafkaSetting.caLocation),
            certificateLocation: try environment.optional(certificateLocation, KafkaSetting.certificateLocation),
            keyLocation: try environment.optional(keyLocation, KafkaSetting.keyLocation),
            keyPassword: try environment.secret(
                fileFlag: keyPasswordFile, file: KafkaSetting.keyPasswordFile, value: KafkaSetting.keyPassword),
            verifiesBrokerHostname: verifiesBrokerHostname
        )
    }

    private func passThroughProperties(environment: SettingsEnvironment) throws -> [String: String] {
        var result: [String: String] = [:]
        let variable = KafkaSetting.properties.variable
        if let raw = environment.variables[variable] {
            let entries = KafkaSetting.properties.parse(raw) ?? []
            for entry in entries where !entry.allSatisfy(\.isWhitespace) {
                let (key, value) = try Self.parseProperty(entry, source: variable)
                result[key] = value
            }
        }
        for entry in properties {
            let (key, value) = try Self.parseProperty(entry, source: "--kafka-property")
            guard !KafkaClientConfiguration.isSecret(key) else {
                throw ValidationError("--kafka-property \(key) holds a secret; pass it through \(variable) instead of a flag")
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
        try environment.value(text: logLevel, KafkaSetting.logLevel)
    }
}
