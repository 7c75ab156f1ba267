import Foundation
import Graph
import GraphSimulator
import Logging
import Testing

/// Hundreds of concurrent redirects take about one Graph round trip, not a queue behind a small pool.
@Suite(.serialized) struct GraphClientThroughputTests {
    static func concurrentRedirects(count: Int, tls: Bool, http2: Bool) async throws -> (Duration, Int, Set<String>) {
        let configuration = SimulatorConfiguration(tls: tls, latency: .fixed(.milliseconds(200)))
        return try await withClientAndSimulator(simulator: configuration, client: { $0.http2 = http2 }) { client, simulator in
            await client.prewarm()
            _ = await client.redirect(try await simulator.offerIncomingCall())  // connect and fetch the token first
            var calls: [OfferedCall] = []
            for _ in 0..<count { calls.append(try await simulator.offerIncomingCall()) }
            let started = ContinuousClock.now
            let results = await withTaskGroup(of: GraphRedirectResult.self) { group in
                for call in calls {
                    group.addTask { await client.redirect(call) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - started
            let versions = Set(results.compactMap { result -> String? in
                if case .accepted(let info) = result.outcome { return info.httpVersion }
                return nil
            })
            return (elapsed, results.filter(\.isAccepted).count, versions)
        }
    }

    @Test("500 concurrent redirects with 200 ms Graph latency, HTTP/2 over TLS")
    func http2OverTLS() async throws {
        let (elapsed, accepted, versions) = try await Self.concurrentRedirects(count: 500, tls: true, http2: true)
        print("500 concurrent redirects, 200 ms latency, HTTP/2 over TLS: \(elapsed) (\(versions.sorted()))")
        #expect(accepted == 500)
        #expect(versions == ["HTTP/2.0"])
        #expect(elapsed < .seconds(3))
    }

    @Test("500 concurrent redirects with 200 ms Graph latency, HTTP/1.1 pool")
    func http1Pool() async throws {
        let (elapsed, accepted, versions) = try await Self.concurrentRedirects(count: 500, tls: false, http2: false)
        print("500 concurrent redirects, 200 ms latency, HTTP/1.1 plain: \(elapsed) (\(versions.sorted()))")
        #expect(accepted == 500)
        #expect(versions == ["HTTP/1.1"])
        #expect(elapsed < .seconds(3))
    }

    @Test("The client-side rate limit queues a burst instead of sending it all at once")
    func rateLimitQueues() async throws {
        try await withClientAndSimulator(client: { $0.rateLimit = GraphRateLimit(requests: 5, interval: .seconds(1)) }) { client, simulator in
            var calls: [OfferedCall] = []
            for _ in 0..<10 { calls.append(try await simulator.offerIncomingCall()) }
            let started = ContinuousClock.now
            let accepted = await withTaskGroup(of: Bool.self) { group in
                for call in calls { group.addTask { await client.redirect(call).isAccepted } }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            let elapsed = ContinuousClock.now - started
            #expect(accepted == 10)
            // 5 at once, then one every 200 ms: the 10th waits about 1 s.
            #expect(elapsed >= .milliseconds(900))
            #expect(simulator.stats().rejectionsByStatus.isEmpty)
        }
    }
}
