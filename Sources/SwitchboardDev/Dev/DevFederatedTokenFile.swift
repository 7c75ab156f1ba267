import Foundation
import GraphSimulator
import Logging
import ServiceLifecycle

/// The federated token file of `switchboard-dev dev --graph-auth workload-identity`: written at start,
/// replaced every ``rotationInterval`` with a fresh token from the simulator's trusted issuer
/// (written aside, then renamed over, as the kubelet swaps a projected token), removed at the end.
struct DevFederatedTokenFile: Service {
    /// How often the token is replaced; tokens live an hour.
    static let rotationInterval = Duration.seconds(600)

    let path: String
    let issuer: SimulatedFederatedIssuer
    let logger: Logger

    /// Creates the folder and writes the first token.
    ///
    /// - Throws: when the file cannot be written or the token signed.
    static func start(issuer: SimulatedFederatedIssuer, logger: Logger) async throws -> DevFederatedTokenFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-dev-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = DevFederatedTokenFile(path: folder.appendingPathComponent("azure-identity-token").path, issuer: issuer, logger: logger)
        try await file.rotate()
        return file
    }

    func run() async throws {
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: Self.rotationInterval)
                do {
                    try await rotate()
                } catch {
                    logger.warning("Could not rotate the federated token", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Writes a fresh token beside the file and renames it over the file.
    func rotate() async throws {
        let token = try await issuer.token()
        let staging = path + ".next"
        try Data(token.utf8).write(to: URL(fileURLWithPath: staging))
        if rename(staging, path) != 0 {
            throw DevError("cannot replace the federated token file \(path): errno \(errno)")
        }
        logger.debug("Wrote federated token", metadata: ["file": "\(path)"])
    }
}
