import Foundation
import GraphSimulator

/// The form fields of a recorded token request.
func formFields(_ request: RecordedRequest) -> [String: String] {
    Dictionary(
        request.body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        },
        uniquingKeysWith: { first, _ in first })
}

/// The header and claims of a compact JWS, unverified.
func jwtParts(_ token: String) throws -> (header: [String: Any], claims: [String: Any]) {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { throw CredentialTestError("not a JWS: \(parts.count) parts") }
    func object(_ part: Substring) throws -> [String: Any] {
        var base64 = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw CredentialTestError("a JWS part is not a JSON object") }
        return object
    }
    return (try object(parts[0]), try object(parts[1]))
}

/// The token requests the simulator recorded.
func tokenRequests(_ simulator: SimulatedGraph) -> [RecordedRequest] {
    simulator.requests().filter { $0.path.hasSuffix("/oauth2/v2.0/token") }
}

/// A file in a fresh temporary folder, removed after `body`.
func withTemporaryFile<Result>(named name: String, _ body: (String) async throws -> Result) async throws -> Result {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-graph-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder.appendingPathComponent(name).path)
}

/// Replaces `path` the way the kubelet swaps a projected token: written aside, renamed over.
func replaceFile(_ path: String, with text: String) throws {
    let staging = path + ".next"
    try Data(text.utf8).write(to: URL(fileURLWithPath: staging))
    guard rename(staging, path) == 0 else { throw CredentialTestError("rename failed: errno \(errno)") }
}

struct CredentialTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
