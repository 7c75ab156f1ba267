/// How the client authenticates to and encrypts traffic with the brokers.
///
/// Maps to librdkafka's `security.protocol`, `sasl.*` and `ssl.*` properties. Anything not covered here
/// can be passed through ``KafkaClientConfiguration/additionalProperties``.
/// Its `description` never shows the SASL password or the key password.
public struct KafkaSecurityConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The transport and authentication protocol (`security.protocol`).
    public enum SecurityProtocol: String, Sendable, Hashable, CaseIterable {
        /// No TLS, no SASL.
        case plaintext
        /// TLS without SASL.
        case ssl
        /// SASL without TLS.
        case saslPlaintext = "sasl_plaintext"
        /// SASL over TLS.
        case saslSSL = "sasl_ssl"

        /// Whether the protocol uses TLS.
        public var usesTLS: Bool { self == .ssl || self == .saslSSL }
        /// Whether the protocol uses SASL.
        public var usesSASL: Bool { self == .saslPlaintext || self == .saslSSL }
    }

    /// A SASL mechanism (`sasl.mechanisms`).
    public enum SASLMechanism: String, Sendable, Hashable, CaseIterable {
        /// Username and password in clear text (use with TLS).
        case plain = "PLAIN"
        /// SCRAM with SHA-256.
        case scramSHA256 = "SCRAM-SHA-256"
        /// SCRAM with SHA-512.
        case scramSHA512 = "SCRAM-SHA-512"
        /// Kerberos.
        case gssapi = "GSSAPI"
        /// OAuth bearer tokens (configure the token source through additional properties).
        case oauthBearer = "OAUTHBEARER"
    }

    /// The protocol. Default: `.plaintext`.
    public var securityProtocol: SecurityProtocol
    /// The SASL mechanism, when the protocol uses SASL. Default: `nil` (librdkafka's default, `GSSAPI`).
    public var saslMechanism: SASLMechanism?
    /// The SASL username (`sasl.username`). Default: `nil`.
    public var saslUsername: String?
    /// The SASL password (`sasl.password`). Default: `nil`. Never logged.
    public var saslPassword: String?
    /// A file with the CA certificates that sign the brokers' certificates (`ssl.ca.location`).
    /// Default: `nil` (the system's trust store).
    public var caLocation: String?
    /// The client certificate for mutual TLS (`ssl.certificate.location`). Default: `nil`.
    public var certificateLocation: String?
    /// The client's private key for mutual TLS (`ssl.key.location`). Default: `nil`.
    public var keyLocation: String?
    /// The password of the private key (`ssl.key.password`). Default: `nil`. Never logged.
    public var keyPassword: String?
    /// Whether the broker's host name is checked against its certificate
    /// (`ssl.endpoint.identification.algorithm` `https` or `none`). Default: `true`.
    public var verifiesBrokerHostname: Bool

    /// Creates a security configuration; the defaults connect in plain text.
    public init(
        securityProtocol: SecurityProtocol = .plaintext,
        saslMechanism: SASLMechanism? = nil,
        saslUsername: String? = nil,
        saslPassword: String? = nil,
        caLocation: String? = nil,
        certificateLocation: String? = nil,
        keyLocation: String? = nil,
        keyPassword: String? = nil,
        verifiesBrokerHostname: Bool = true
    ) {
        self.securityProtocol = securityProtocol
        self.saslMechanism = saslMechanism
        self.saslUsername = saslUsername
        self.saslPassword = saslPassword
        self.caLocation = caLocation
        self.certificateLocation = certificateLocation
        self.keyLocation = keyLocation
        self.keyPassword = keyPassword
        self.verifiesBrokerHostname = verifiesBrokerHostname
    }

    /// The librdkafka properties for these settings.
    var properties: [String: String] {
        var properties = ["security.protocol": securityProtocol.rawValue]
        if securityProtocol.usesSASL {
            properties["sasl.mechanisms"] = saslMechanism?.rawValue
            properties["sasl.username"] = saslUsername
            properties["sasl.password"] = saslPassword
        }
        if securityProtocol.usesTLS {
            properties["ssl.ca.location"] = caLocation
            properties["ssl.certificate.location"] = certificateLocation
            properties["ssl.key.location"] = keyLocation
            properties["ssl.key.password"] = keyPassword
            properties["ssl.endpoint.identification.algorithm"] = verifiesBrokerHostname ? "https" : "none"
        }
        return properties
    }

    public var description: String {
        var parts = ["protocol: \(securityProtocol.rawValue)"]
        if let saslMechanism { parts.append("sasl mechanism: \(saslMechanism.rawValue)") }
        if let saslUsername { parts.append("sasl username: \(saslUsername)") }
        if saslPassword != nil { parts.append("sasl password: <redacted>") }
        if let caLocation { parts.append("ca: \(caLocation)") }
        if let certificateLocation { parts.append("certificate: \(certificateLocation)") }
        if let keyLocation { parts.append("key: \(keyLocation)") }
        if securityProtocol.usesTLS { parts.append("verifies hostname: \(verifiesBrokerHostname)") }
        return "KafkaSecurityConfiguration(\(parts.joined(separator: ", ")))"
    }
}
