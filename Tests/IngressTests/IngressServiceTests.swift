import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@testable import Ingress

@Suite("Ingress service lifecycle", .timeLimit(.minutes(1)))
struct IngressServiceTests {
    @Test("graceful shutdown lets the request in flight finish with 202, then flushes the producer")
    func gracefulShutdown() async throws {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let harness = try IngressHarness(onServerRunning: { bound in
            portContinuation.yield(bound.webhook)
            portContinuation.finish()
        })
        harness.sink.setBehaviour(.delay(.milliseconds(700)))
        let group = ServiceGroup(services: harness.service.services, logger: Logger(label: "test"))
        let token = try await Notification.validToken()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(harness.service.port == port)

            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/calls")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Notification.seed.incomingNotification))
            async let inFlight = HTTPClient.shared.execute(request, timeout: .seconds(10))
            try await harness.sink.waitForSends(1)
            await group.triggerGracefulShutdown()
            let response = try await inFlight
            #expect(response.status == .accepted)
            try await tasks.waitForAll()
        }
        #expect(harness.sink.records.count == 1)
        #expect(harness.sink.shutdownCalls == 1)
    }
}
