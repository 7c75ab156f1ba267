import CallModel
import Foundation
import NIOPosix

/// The file a federated token is projected into (Kubernetes workload identity:
/// `AZURE_FEDERATED_TOKEN_FILE`), used as the client assertion of token requests.
///
/// The kubelet replaces the token before it expires. The file is read anew for every token
/// request, off the cooperative thread pool, so a rotated token is used from the next request on
/// and an old one is never cached past its rotation.
public struct GraphFederatedTokenFile: Sendable, Hashable {
    /// The file's path.
    public var path: String

    /// Names the token file.
    public init(path: String) {
        self.path = path
    }

    /// Checks at start that the file can be read and holds a token.
    ///
    /// - Throws: `GraphCredentialError` with code `unreadableFile` naming the file.
    public func check() throws(GraphCredentialError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GraphCredentialError(
                code: .unreadableFile,
                message: "cannot read the federated token file \(path) (AZURE_FEDERATED_TOKEN_FILE): \(error.localizedDescription)")
        }
        if let problem = Self.problem(with: text.trimmingCharacters(in: .whitespacesAndNewlines), now: Date()) {
            throw GraphCredentialError(code: .unreadableFile, message: "the federated token file \(path) \(problem)")
        }
    }

    /// The current token, read now.
    ///
    /// - Throws: `GraphError` with code `credential` when the file cannot be read, is empty, is not a
    ///   JWT, or holds a token that has expired (the kubelet did not rotate it).
    func read(now: Date = Date()) async throws(GraphError) -> String {
        let path = self.path
        let text: String
        do {
            text = try await NIOThreadPool.singleton.runIfActive { try String(contentsOfFile: path, encoding: .utf8) }
        } catch {
            throw GraphError(code: .credential, message: "cannot read the federated token file \(path): \(error)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = Self.problem(with: token, now: now) {
            throw GraphError(code: .credential, message: "the federated token file \(path) \(problem)")
        }
        return token
    }

    /// What is wrong with `token`, or `nil`: empty, not three base64url parts, or past its `exp`.
    static func problem(with token: String, now: Date) -> String? {
        guard !token.isEmpty else { return "is empty" }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]),
            let claims = (try? JSONValue.parse(Array(payload)))?.objectValue
        else {
            return "does not hold a JWT"
        }
        // Any `exp` is checked here, so one that is not a number is as wrong as a payload that is not JSON.
        switch claims["exp"] {
        case nil, .null, .number: break
        case let .some(other): return "holds a JWT whose exp claim is \(other.kindDescription), not a number"
        }
        if case let .number(exp) = claims["exp"], Date(timeIntervalSince1970: exp) <= now {
            let expiry = Date(timeIntervalSince1970: exp).formatted(.iso8601)
            return "holds a token that expired at \(expiry); the kubelet rotates it while the pod runs, so check the projected volume"
        }
        return nil
    }
}
