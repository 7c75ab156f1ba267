import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A local issuer: serves an OpenID metadata document and its JWKS over HTTP on 127.0.0.1, port 0.
final class KeyServer: Sendable {
    private let state: Mutex<(keys: [TestSigningKey], metadataFetches: Int, keyFetches: Int, port: Int, jwksURI: String?)>

    init(keys: [TestSigningKey]) {
        state = Mutex((keys, 0, 0, 0, nil))
    }

    var metadataURL: String { "http://127.0.0.1:\(state.withLock { $0.port })/.well-known/openid-configuration" }
    /// Answers 302 to ``metadataURL``.
    var movedMetadataURL: String { "http://127.0.0.1:\(state.withLock { $0.port })/moved" }
    var keyFetches: Int { state.withLock { $0.keyFetches } }
    var metadataFetches: Int { state.withLock { $0.metadataFetches } }

    /// Makes the metadata name `uri` as its `jwks_uri` (`nil`: this server's `/keys`).
    func setJWKSURI(_ uri: String?) { state.withLock { $0.jwksURI = uri } }

    func publish(_ keys: [TestSigningKey]) { state.withLock { $0.keys = keys } }

    /// Runs the server for the duration of `body`.
    func run<Value: Sendable>(_ body: @Sendable (KeyServer) async throws -> Value) async throws -> Value {
        let router = Router()
        router.get(".well-known/openid-configuration") { _, _ in
            let (port, jwksURI) = self.state.withLock { state in
                state.metadataFetches += 1
                return (state.port, state.jwksURI)
            }
            return Self.json(["issuer": "https://api.botframework.com", "jwks_uri": jwksURI ?? "http://127.0.0.1:\(port)/keys"])
        }
        router.get("moved") { _, _ in
            let port = self.state.withLock { $0.port }
            return Response(status: .found, headers: [.location: "http://127.0.0.1:\(port)/.well-known/openid-configuration"])
        }
        router.get("keys") { _, _ in
            let keys = self.state.withLock { state in
                state.keyFetches += 1
                return state.keys
            }
            return Self.json(["keys": keys.map(\.jwksEntry) + [["kty": "EC", "kid": "ec-key", "crv": "P-256"]]])
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "key-server")
        )
        let group = ServiceGroup(services: [app], logger: Logger(label: "key-server"))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for await port in ports {
                state.withLock { $0.port = port }
            }
            do {
                let value = try await body(self)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    private static func json(_ object: Any) -> Response {
        // Test documents are dictionaries of strings and arrays; serialising them cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: object)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
