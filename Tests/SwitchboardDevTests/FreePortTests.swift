import NIOCore
import NIOPosix
import Testing

@testable import SwitchboardDev

/// `dev` and `bench pipeline` name a server's port before the server binds it; in between, nothing
/// else on the machine may take it.
@Suite("FreePort: a picked port stays reserved for its server")
struct FreePortTests {
    static func bind(_ port: Int, reuseAddress: Bool) async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: reuseAddress ? 1 : 0)
            .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: port)
            .get()
    }

    @Test("a socket without SO_REUSEADDR cannot take the port; the server, with it, binds and listens")
    func reservedForTheServer() async throws {
        let port = try FreePort.pick()
        await #expect(throws: IOError.self, "a plain bind took the reserved port \(port)") {
            try await Self.bind(port, reuseAddress: false).close()
        }
        let server = try await Self.bind(port, reuseAddress: true)
        #expect(server.localAddress?.port == port)
        try await server.close()
    }

    @Test("picks in a row never repeat a port, and no bind to port 0 is given one")
    func picksDoNotCollide() async throws {
        let picked = try (0..<50).map { _ in try FreePort.pick() }
        #expect(Set(picked).count == picked.count, "\(picked)")
        var ephemeral: [any Channel] = []
        for _ in 0..<200 {
            ephemeral.append(try await Self.bind(0, reuseAddress: true))
        }
        let clashes = ephemeral.compactMap(\.localAddress?.port).filter(picked.contains)
        for channel in ephemeral { try await channel.close() }
        #expect(clashes.isEmpty, "bind to port 0 was given reserved ports \(clashes)")
    }
}
