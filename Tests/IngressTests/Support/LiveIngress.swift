import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

@testable import Ingress

extension IngressHarness {
    /// Runs the harness's service on 127.0.0.1 (both ports 0) for the duration of `body`.
    func live<Value: Sendable>(_ body: @Sendable (IngressPorts) async throws -> Value) async throws -> Value {
        let group = ServiceGroup(services: service.services, logger: Logger(label: "live-ingress"))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Bounded: 2,000 × 5 ms.
            var ports: IngressPorts?
            for _ in 0..<2_000 {
                if let webhook = service.port, let health = service.healthPort {
                    ports = IngressPorts(webhook: webhook, health: health)
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            do {
                guard let ports else { throw CancellationError() }
                let value = try await body(ports)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

/// A raw TCP client: sends bytes as a test chooses (slowly, partially) and reads until the server closes.
enum RawConnection {
    /// Connects to 127.0.0.1:`port`, runs `send` with a writer, and returns everything the server
    /// wrote until it closed the connection.
    static func exchange(
        port: Int,
        _ send: @Sendable (NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> Void = { _ in }
    ) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            do {
                try await send(outbound)
            } catch let error where Self.isClosedByServer(error) {
                // On a loaded machine the write can come after the server's deadline has answered and closed the
                // connection; what the server wrote is still to be read.
            }
            var received = ""
            // Ends when the server closes the connection (the suites' time limits bound it).
            for try await chunk in inbound {
                received += String(buffer: chunk)
            }
            return received
        }
    }

    /// A write that failed because the server had already closed the connection.
    private static func isClosedByServer(_ error: any Error) -> Bool {
        if let error = error as? ChannelError { return error == .ioOnClosedChannel || error == .outputClosed }
        if let error = error as? IOError { return error.errnoCode == EPIPE || error.errnoCode == ECONNRESET }
        return false
    }
}
