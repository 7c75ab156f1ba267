/// A Graph credential that cannot be used: a bad certificate or key file, a key that does not
/// match its certificate, an expired certificate, or settings that name no credential or several.
///
/// Raised at start, before any token is requested, with a message a person can act on. It never
/// contains key material. Two errors are equal when their codes are equal.
public struct GraphCredentialError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Sendable {
            case unreadableFile, invalidPEM, missingCertificate, missingPrivateKey, encryptedPrivateKey
            case unsupportedKey, keyMismatch, certificateExpired, certificateNotYetValid
            case noCredential, conflictingCredentials, incompleteWorkloadIdentity, clientIDMismatch
            case insecureAuthority, authorityConflict
        }
        private let backing: Backing

        /// A certificate, key or token file cannot be read.
        public static let unreadableFile = Code(backing: .unreadableFile)
        /// A file is not PEM, or a PEM block is not the certificate or key it claims to be.
        public static let invalidPEM = Code(backing: .invalidPEM)
        /// The certificate file holds no `CERTIFICATE` block.
        public static let missingCertificate = Code(backing: .missingCertificate)
        /// Neither the certificate file nor a key file holds a private key.
        public static let missingPrivateKey = Code(backing: .missingPrivateKey)
        /// The private key is encrypted; the worker reads only unencrypted keys (protect the file instead).
        public static let encryptedPrivateKey = Code(backing: .encryptedPrivateKey)
        /// The key is not an RSA key of at least 2048 bits, which Microsoft Entra requires.
        public static let unsupportedKey = Code(backing: .unsupportedKey)
        /// The private key is not the key of the certificate.
        public static let keyMismatch = Code(backing: .keyMismatch)
        /// The certificate's `notAfter` has passed.
        public static let certificateExpired = Code(backing: .certificateExpired)
        /// The certificate's `notBefore` is still ahead.
        public static let certificateNotYetValid = Code(backing: .certificateNotYetValid)
        /// No client secret, certificate or workload identity is configured.
        public static let noCredential = Code(backing: .noCredential)
        /// More than one of client secret, certificate and workload identity is configured.
        public static let conflictingCredentials = Code(backing: .conflictingCredentials)
        /// `AZURE_FEDERATED_TOKEN_FILE` is set but another of the workload identity variables is not.
        public static let incompleteWorkloadIdentity = Code(backing: .incompleteWorkloadIdentity)
        /// `SWITCHBOARD_GRAPH_CLIENT_ID` and `AZURE_CLIENT_ID` name different applications.
        public static let clientIDMismatch = Code(backing: .clientIDMismatch)
        /// The token authority is not HTTPS (plain HTTP is accepted only on loopback, for tests).
        public static let insecureAuthority = Code(backing: .insecureAuthority)
        /// `AZURE_AUTHORITY_HOST` and `SWITCHBOARD_GRAPH_AUTHORITY` name different authorities.
        public static let authorityConflict = Code(backing: .authorityConflict)

        public var description: String { backing.rawValue }
    }

    /// What kind of problem this is.
    public var code: Code
    /// What is wrong and what to do about it.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension GraphCredentialError: Equatable {
    public static func == (lhs: GraphCredentialError, rhs: GraphCredentialError) -> Bool {
        lhs.code == rhs.code
    }
}
