import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import NIOCore
import Synchronization

/// A tiny bot webhook for tests: records every POST and answers 202.
final class CallbackReceiver: Sendable {
    struct Delivery: Sendable {
        var path: String
        var headers: [String: String]
        var body: Data
    }

    private let deliveries = Mutex<[Delivery]>([])

    var received: [Delivery] { deliveries.withLock { $0 } }

    /// Runs the receiver on a free port for the duration of `body`.
    func withRunning<Result: Sendable>(_ body: (_ baseURL: String) async throws -> Result) async throws -> Result {
        let router = Router()
        router.post("**") { request, _ -> HTTPResponse.Status in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }  // lowercase names
            self.deliveries.withLock {
                $0.append(Delivery(path: request.uri.path, headers: headers, body: Data(bytes.readableBytesView)))
            }
            return .accepted
        }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: Logger(label: "test.receiver")
        )
        let services = ServiceGroup(configuration: .init(services: [application], logger: Logger(label: "test.receiver")))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var ports = portStream.makeAsyncIterator()
            guard let port = await ports.next() else { throw TestFailure("the receiver did not start") }
            let result: Swift.Result<Result, any Error>
            do {
                result = .success(try await body("http://127.0.0.1:\(port)"))
            } catch {
                result = .failure(error)
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }

    /// Waits (at most `timeout`) until `count` deliveries arrived.
    func waitFor(count: Int, timeout: Duration = .seconds(5)) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = received
            if current.count >= count { return current }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("expected \(count) deliveries, got \(received.count)")
    }
}
