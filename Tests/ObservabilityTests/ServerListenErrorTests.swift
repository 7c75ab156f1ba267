import Logging
import NIOCore
import NIOPosix
import Observability
import Prometheus
import Testing

/// A server whose port is taken stops with an error that names the server and the address, not
/// NIO's "bind(descriptor:ptr:bytes:): Address already in use".
@Suite struct ServerListenErrorTests {
    @Test func aTakenPortNamesTheServerAndItsAddress() async throws {
        let holder = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(holder.localAddress?.port)
        let routes = OperationalRoutes(registry: PrometheusCollectorRegistry()) { HealthStatus(isReady: true, detail: "ok") }
        let server = routes.server("the worker's health server", host: "127.0.0.1", port: port, logger: Logger(label: "test.listen"))
        let error = await #expect(throws: ServerListenError.self) { try await server.run() }
        try await holder.close()
        #expect(error?.server == "the worker's health server")
        #expect(error?.port == port)
        #expect(
            error?.description
                == "the worker's health server cannot listen on 127.0.0.1:\(port): Address already in use (errno 98); another process is listening there")
    }

    @Test func errorsAfterTheServerStartedPassThrough() async throws {
        struct Unrelated: Error {}
        await #expect(throws: Unrelated.self) {
            try await ServerListenError.naming("a server", host: "127.0.0.1", port: 1) { throw Unrelated() }
        }
        await #expect(throws: IOError.self) {
            try await ServerListenError.naming("a server", host: "127.0.0.1", port: 1) {
                throw IOError(errnoCode: ECONNRESET, reason: "read")
            }
        }
    }
}
