import ArgumentParser
import Foundation
import Kafka
import Logging
import Testing

@testable import SwitchboardCLI
@testable import SwitchboardCLISupport

@Suite("Kafka options")
struct KafkaOptionsTests {
    /// The client configuration from `arguments` and `variables` (brokers `kafka:9092` unless they say).
    func configuration(_ arguments: [String] = [], _ variables: [String: String] = [:]) throws -> KafkaClientConfiguration {
        var variables = variables
        if variables["SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS"] == nil { variables["SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS"] = "kafka:9092" }
        return try KafkaOptions.parse(arguments).clientConfiguration(
            clientID: "switchboard-test", environment: SettingsEnvironment(variables: variables))
    }

    @Test(
        "brokers: the flag, else SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS, else KAFKA_BOOTSTRAP_SERVERS",
        arguments: [
            (flag: String?.some("a:1"), switchboard: String?.some("b:2"), plain: String?.some("c:3"), expected: "a:1"),
            (flag: nil, switchboard: "b:2", plain: "c:3", expected: "b:2"),
            (flag: nil, switchboard: nil, plain: "c:3", expected: "c:3"),
            (flag: nil, switchboard: "", plain: "c:3", expected: "c:3"),
        ]
    )
    func bootstrapServers(flag: String?, switchboard: String?, plain: String?, expected: String) throws {
        var variables: [String: String] = [:]
        variables["SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS"] = switchboard
        variables["KAFKA_BOOTSTRAP_SERVERS"] = plain
        let options = try KafkaOptions.parse(flag.map { ["--kafka-bootstrap-servers", $0] } ?? [])
        let configuration = try options.clientConfiguration(clientID: "id", environment: SettingsEnvironment(variables: variables))
        #expect(configuration.bootstrapServers == expected)
    }

    @Test("without brokers the error says how to set them")
    func missingBrokers() throws {
        #expect {
            try KafkaOptions.parse([]).clientConfiguration(clientID: "id", environment: SettingsEnvironment(variables: [:]))
        } throws: { error in
            "\(error)".contains("--kafka-bootstrap-servers") && "\(error)".contains("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS")
        }
    }

    @Test("defaults: the command's client id, plain text, host name verification on, log level info")
    func defaults() throws {
        let configuration = try configuration()
        #expect(configuration.clientID == "switchboard-test")
        #expect(configuration.security.securityProtocol == .plaintext)
        #expect(configuration.security.verifiesBrokerHostname)
        #expect(configuration.logLevel == .info)
        #expect(configuration.additionalProperties.isEmpty)
    }

    @Test("flags beat variables for every plain setting")
    func flagsBeatVariables() throws {
        let variables = [
            "SWITCHBOARD_KAFKA_CLIENT_ID": "from-env", "SWITCHBOARD_KAFKA_SECURITY_PROTOCOL": "ssl",
            "SWITCHBOARD_KAFKA_LOG_LEVEL": "error", "SWITCHBOARD_KAFKA_SSL_ENDPOINT_IDENTIFICATION": "none",
            "SWITCHBOARD_KAFKA_SSL_CA_LOCATION": "/env/ca.pem",
        ]
        let fromEnvironment = try configuration([], variables)
        #expect(fromEnvironment.clientID == "from-env")
        #expect(fromEnvironment.security.securityProtocol == .ssl)
        #expect(fromEnvironment.logLevel == .error)
        #expect(!fromEnvironment.security.verifiesBrokerHostname)
        #expect(fromEnvironment.security.caLocation == "/env/ca.pem")
        let fromFlags = try configuration(
            [
                "--kafka-client-id", "from-flag", "--kafka-security-protocol", "PLAINTEXT", "--kafka-log-level", "Debug",
                "--kafka-ssl-endpoint-identification", "https", "--kafka-ssl-ca-location", "/flag/ca.pem",
            ], variables)
        #expect(fromFlags.clientID == "from-flag")
        #expect(fromFlags.security.securityProtocol == .plaintext)
        #expect(fromFlags.logLevel == .debug)
        #expect(fromFlags.security.verifiesBrokerHostname)
        #expect(fromFlags.security.caLocation == "/flag/ca.pem")
    }

    @Test(
        "an invalid variable value is refused with the variable's name",
        arguments: [
            ("SWITCHBOARD_KAFKA_SECURITY_PROTOCOL", "tls"),
            ("SWITCHBOARD_KAFKA_SASL_MECHANISM", "MD5"),
            ("SWITCHBOARD_KAFKA_SSL_ENDPOINT_IDENTIFICATION", "maybe"),
            ("SWITCHBOARD_KAFKA_LOG_LEVEL", "loud"),
        ]
    )
    func invalidVariable(variable: String, value: String) {
        var variables = [variable: value]
        if variable == "SWITCHBOARD_KAFKA_SASL_MECHANISM" { variables["SWITCHBOARD_KAFKA_SECURITY_PROTOCOL"] = "sasl_ssl" }
        #expect {
            try configuration([], variables)
        } throws: { error in
            "\(error)".hasPrefix("environment variable \(variable)=\(value) is not valid; expected ")
        }
    }

    @Test("an invalid flag value is refused with the flag's name")
    func invalidFlag() {
        #expect {
            try configuration(["--kafka-security-protocol", "tls"], ["SWITCHBOARD_KAFKA_SECURITY_PROTOCOL": "ssl"])
        } throws: { error in
            "\(error)" == "--kafka-security-protocol tls is not valid; expected plaintext, ssl, sasl_plaintext or sasl_ssl"
        }
    }

    @Test("SASL: username from a flag, password from the variable or a file; PLAIN when no mechanism is named")
    func sasl() throws {
        let fromVariable = try configuration(
            ["--kafka-security-protocol", "sasl_ssl", "--kafka-sasl-username", "bot"], ["SWITCHBOARD_KAFKA_SASL_PASSWORD": "hunter2"])
        #expect(fromVariable.security.saslMechanism == .plain)
        #expect(fromVariable.security.saslUsername == "bot")
        #expect(fromVariable.security.saslPassword == "hunter2")
        #expect(!"\(fromVariable)".contains("hunter2"))

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-sasl-\(UUID().uuidString)")
        try "from-file\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let fromFile = try configuration(
            ["--kafka-security-protocol", "sasl_plaintext", "--kafka-sasl-mechanism", "scram-sha-512",
             "--kafka-sasl-username", "bot", "--kafka-sasl-password-file", url.path],
            ["SWITCHBOARD_KAFKA_SASL_PASSWORD": "ignored"])
        #expect(fromFile.security.saslMechanism == .scramSHA512)
        #expect(fromFile.security.saslPassword == "from-file")
    }

    @Test(
        "SASL settings that cannot work are refused before connecting",
        arguments: [
            (["--kafka-sasl-username", "bot"], ["SWITCHBOARD_KAFKA_SASL_PASSWORD": "x"], "need --kafka-security-protocol sasl_plaintext or sasl_ssl"),
            (["--kafka-security-protocol", "sasl_ssl", "--kafka-sasl-username", "bot"], [:], "needs a username (--kafka-sasl-username) and a password"),
        ]
    )
    func unusableSASL(arguments: [String], variables: [String: String], message: String) {
        #expect {
            try configuration(arguments, variables)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("no secret is accepted as a plain flag: every password option names a file")
    func secretsAreNeverFlags() throws {
        for flag in ["--kafka-sasl-password", "--kafka-ssl-key-password"] {
            #expect(throws: (any Error).self, "\(flag) must not exist") { try KafkaOptions.parse([flag, "hunter2"]) }
        }
        let help = KafkaOptions.helpMessage(columns: 400)
        let passwordFlags = help.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("--") && $0.contains("password") }
        #expect(!passwordFlags.isEmpty)
        #expect(passwordFlags.allSatisfy { $0.hasSuffix("-file") }, "\(passwordFlags)")
    }

    @Test("pass-through properties: the variable's entries split at ';' or newlines, flags win for a key")
    func properties() throws {
        let configuration = try configuration(
            ["--kafka-property", "linger.ms = 20", "--kafka-property", "acks=1"],
            ["SWITCHBOARD_KAFKA_PROPERTIES": "acks=all; socket.keepalive.enable=true\n\n sasl.oauthbearer.config = principal=bot ;"])
        #expect(configuration.additionalProperties == [
            "linger.ms": "20", "acks": "1", "socket.keepalive.enable": "true", "sasl.oauthbearer.config": "principal=bot",
        ])
    }

    @Test(
        "malformed properties are refused naming their source, without echoing an entry that may be a secret",
        arguments: [
            ([String](), "sasl.password: hunter2", "SWITCHBOARD_KAFKA_PROPERTIES: expected key=value entries"),
            (["--kafka-property", "linger.ms"], "", "--kafka-property: expected key=value entries"),
            (["--kafka-property", " =1"], "", "--kafka-property: a property has an empty key"),
        ]
    )
    func malformedProperties(arguments: [String], variable: String, message: String) {
        #expect {
            try configuration(arguments, ["SWITCHBOARD_KAFKA_PROPERTIES": variable])
        } throws: { error in
            "\(error)".hasPrefix(message) && !"\(error)".contains("hunter2")
        }
    }

    @Test(
        "secret properties are refused as flags and accepted from the variable",
        arguments: ["sasl.password", "ssl.key.password", "sasl.jaas.config", "sasl.oauthbearer.client.secret", "ssl.key.pem"]
    )
    func secretProperties(key: String) throws {
        #expect {
            try configuration(["--kafka-property", "\(key)=hunter2"])
        } throws: { error in
            "\(error)".contains("--kafka-property \(key) holds a secret") && !"\(error)".contains("hunter2")
        }
        #expect(try configuration([], ["SWITCHBOARD_KAFKA_PROPERTIES": "\(key)=hunter2"]).additionalProperties[key] == "hunter2")
    }
}
