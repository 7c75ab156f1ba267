import Foundation
import GraphSimulator
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import Graph

/// A redirect Graph carried out whose answer was lost leaves the client in doubt, and says so.
@Suite struct GraphClientDoubtTests {
    @Test("Graph redirects the call but the answer is lost: the retry is refused as no longer incoming, and the result says Graph may have redirected")
    func lostAnswerIsInDoubt() async throws {
        try await withClientAndSimulator(client: { $0.prewarmTenants = [SimulatorDefaults.tenantID] }) { client, simulator in
            await client.prewarm()
            simulator.enqueueFaults([.lostAnswer(delay: nil)])
            let call = try await simulator.offerIncomingCall()
            let result = await client.redirect(call)
            guard case .failed(let error) = result.outcome else {
                Issue.record("expected the retry to be refused, got \(result.outcome)")
                return
            }
            #expect(error.status == 404)
            #expect(result.attempts.count == 2)
            #expect(result.attempts.first?.isInDoubt == true, "the connection broke after the request was sent")
            #expect(result.attempts.last?.isInDoubt == false)
            #expect(result.mayHaveRedirected)
            #expect(simulator.stats().redirectsAccepted == 1, "Graph did redirect the call")
        }
    }

    @Test("an attempt whose deadline passes before the request left (a TLS handshake Graph never answers) is not in doubt")
    func unsentAttemptIsNotInDoubt() async throws {
        // Accepts connections and never answers, so the client's TLS handshake hangs until the
        // attempt's deadline: the request is never written.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { _ in MultiThreadedEventLoopGroup.singleton.next().makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let result = try await Self.redirect(graph: silent, scheme: "https", window: .seconds(4))
        #expect(!result.isAccepted)
        #expect(result.attempts.count == 2)
        #expect(result.attempts.allSatisfy { $0.error?.code == .timeout && !$0.isInDoubt }, "\(result.attempts)")
        #expect(!result.mayHaveRedirected)
    }

    // Without its own timer the body would be awaited forever (the client sets no read timeout): the limit
    // turns that into a failure instead of a hang.
    @Test("an answer whose head arrives but whose body stalls is cut off at the attempt timeout, in doubt", .timeLimit(.minutes(1)))
    func stalledBodyTimesOut() async throws {
        // Answers the first bytes of any request with a 500 head announcing a body it never finishes.
        let stalling = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.pipeline.addHandler(StalledBodyResponder()) }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { stalling.close(promise: nil) }
        let result = try await Self.redirect(graph: stalling, scheme: "http", window: .seconds(4))
        #expect(!result.isAccepted)
        #expect(result.attempts.count == 2)
        #expect(result.attempts.allSatisfy { $0.error?.code == .timeout && $0.isInDoubt }, "\(result.attempts)")
        #expect(result.attempts.allSatisfy { $0.duration >= .seconds(1) })
        #expect(result.mayHaveRedirected)
    }

    /// Redirects a call the simulator offers through `graph`, a local server standing in for Graph: two attempts
    /// of 1 s, the token fetched from the simulator beforehand. The last attempt takes the rest of the window, so
    /// the tests keep it short.
    private static func redirect(graph: any Channel, scheme: String, window: Duration) async throws -> GraphRedirectResult {
        let port = try #require(graph.localAddress?.port)
        return try await withClientAndSimulator(client: {
            $0.endpoint = GraphEndpoint(baseURL: "\(scheme)://127.0.0.1:\(port)", authority: $0.endpoint.authority, apiVersion: .v1)
            $0.attemptTimeout = .seconds(1)
            // Shutting the client down waits for a connection still being made: a handshake the server never
            // answers would hold the test for the default connect timeout.
            $0.connectTimeout = .seconds(3)
            $0.retry.maxAttempts = 2
            $0.prewarmTenants = [SimulatorDefaults.tenantID]
        }) { client, simulator in
            await client.prewarm()
            let call = try await simulator.offerIncomingCall()
            return await client.redirect(call, window: window)
        }
    }

    @Test("an attempt takes the rest of the window when no retry could follow it, and always after one in doubt")
    func attemptsSizedToTheWindow() {
        let start = ContinuousClock.now
        let timeout = Duration.seconds(5), minimum = Duration.milliseconds(250)
        let roomy = GraphClient.attemptDeadline(
            start: start, deadline: start + .seconds(14), timeout: timeout, minimumAttemptTime: minimum, afterDoubt: false)
        #expect(roomy == start + timeout)
        let tight = GraphClient.attemptDeadline(
            start: start, deadline: start + .seconds(5.1), timeout: timeout, minimumAttemptTime: minimum, afterDoubt: false)
        #expect(tight == start + .seconds(5.1), "a retry after 5 s would have 0.1 s: this attempt may use it all")
        let afterDoubt = GraphClient.attemptDeadline(
            start: start, deadline: start + .seconds(12), timeout: timeout, minimumAttemptTime: minimum, afterDoubt: true)
        #expect(afterDoubt == start + .seconds(12))
    }
}

/// Sends a response head and the start of a body it announces as longer, then nothing.
private final class StalledBodyResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let head = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"error\":"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: head)), promise: nil)
    }
}
