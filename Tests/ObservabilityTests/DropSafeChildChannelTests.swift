import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import Observability
import ServiceLifecycle
import Synchronization
import Testing

/// A connection accepted just as the server shuts down must not crash the process. Hummingbird drops
/// a connection whose setup completes after the listening socket closed; without
/// `DropSafeChildChannel` NIO traps on the dropped connection's unfinished writer
/// ("Deinited NIOAsyncWriter without calling finish()"), which is what killed the test process
/// under a CPU hog. The gate below forces that order instead of waiting for a loaded machine to
/// produce it.
@Suite struct DropSafeChildChannelTests {
    @Test func aConnectionAcceptedDuringShutdownIsClosedNotDropped() async throws {
        let logger = Logger(label: "test.drop-safe")
        let gate = SetupGate()
        let listening = Mutex<(any Channel)?>(nil)
        let router = Router()
        router.get("/") { _, _ in "ok" }
        let app = Application(
            router: router,
            server: .dropSafe { responder in GatedChildChannel(base: HTTP1Channel(responder: responder), gate: gate) },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in listening.withLock { $0 = channel } },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let server = try await waitFor("the server to listen") { listening.withLock { $0 } }
            let port = try #require(server.localAddress?.port)

            let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            // The server accepted the connection and is setting it up: stop the server now.
            _ = try await waitFor("the server to accept the connection") { gate.entered > 0 ? true : nil }
            await group.triggerGracefulShutdown()
            try await server.closeFuture.get()

            // The setup completes after the accept loop ended: the server drops the connection. It
            // must be closed (without the wrapper it stays open, the graceful shutdown waits for it
            // forever, and NIO may trap on its unfinished writer).
            gate.release()
            let closed = try await waitFor("the dropped connection to close") { client.isActive ? nil : true }
            #expect(closed)
            try await tasks.waitForAll()
        }
        #expect(gate.entered == 1)
    }
}

/// Holds each connection's setup until `release()`.
private struct GatedChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    let base: Base
    let gate: SetupGate

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Base.Value> {
        let opened = channel.eventLoop.makePromise(of: Void.self)
        gate.enter(opened)
        return opened.futureResult.flatMap { base.setup(channel: channel, logger: logger) }
    }

    func handle(value: Base.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

private final class SetupGate: Sendable {
    private let state = Mutex<(entered: Int, released: Bool, waiting: [EventLoopPromise<Void>])>((0, false, []))

    var entered: Int { state.withLock { $0.entered } }

    func enter(_ promise: EventLoopPromise<Void>) {
        let released = state.withLock { state in
            state.entered += 1
            if !state.released { state.waiting.append(promise) }
            return state.released
        }
        if released { promise.succeed() }
    }

    func release() {
        let waiting = state.withLock { state in
            state.released = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for promise in waiting { promise.succeed() }
    }
}

private struct ConditionNotMet: Error, CustomStringConvertible {
    let description: String
}

/// Polls `check` every 10 ms until it returns a value (at most 3,000 times, 30 s).
private func waitFor<Value>(_ what: String, _ check: () -> Value?) async throws -> Value {
    for _ in 0..<3_000 {
        if let value = check() { return value }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw ConditionNotMet(description: "timed out waiting for \(what)")
}
