import Foundation
import Graph
import GraphSimulator
import Logging
import Testing

/// Hundreds of concurrent redirects overlap at Graph instead of queueing behind a small pool.
///
/// AsyncHTTPClient's default of 8 HTTP/1.1 connections per host would serialise 500 redirects of
/// 1 s into about a minute. Wall time depends on the machine (these are debug builds on shared
/// cores), so the tests assert how many redirects the simulator handled at once. Graph holds each
/// redirect 1 s, so a machine loaded enough to start only a few hundred requests a second still
/// overlaps far more than 100 of them (at 200 ms, a CPU hog brought the peak down to 67).
@Suite(.serialized) struct GraphClientThroughputTests {
    struct Figures {
        var elapsed: Duration
        var accepted: Int
        var peakConcurrency: Int
        var versions: Set<String>
        /// The errors of the redirects not accepted, with how many ended so (empty when all were).
        var failures: [String: Int] = [:]
    }

    static func concurrentRedirects(
        count: Int, tls: Bool, latency: Duration = .seconds(1)
    ) async throws -> Figures {
        var configuration = SimulatorConfiguration(tls: tls, latency: .fixed(latency))
        // Every call is offered before the first redirect: on a loaded machine the last ones reach
        // Graph after a real call's 15 s would be over (404 "Call not found"), which is not the subject.
        configuration.callWindow = .seconds(120)
        return try await withClientAndSimulator(simulator: configuration, client: { $0.http2 = tls; $0.attemptTimeout = .seconds(60) }) { client, simulator in
            // Connect and fetch the token first, so the figure is the redirects alone.
            _ = await client.redirect(try await simulator.offerIncomingCall())
            var calls: [OfferedCall] = []
            for _ in 0..<count { calls.append(try await simulator.offerIncomingCall()) }
            let started = ContinuousClock.now
            let results = await withTaskGroup(of: GraphRedirectResult.self) { group in
                for call in calls {
                    group.addTask { await client.redirect(call, window: .seconds(120)) }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - started
            let versions = Set(results.compactMap { result -> String? in
                if case .accepted(let info) = result.outcome { return info.httpVersion }
                return nil
            })
            return Figures(
                elapsed: elapsed, accepted: results.filter(\.isAccepted).count,
                peakConcurrency: simulator.stats().peakConcurrentRedirects, versions: versions,
                failures: results.filter { !$0.isAccepted }.reduce(into: [:]) { counts, result in
                    counts["\(result.error.map { "\($0.code): \($0.message)" } ?? "no error")", default: 0] += 1
                })
        }
    }

    @Test("500 concurrent redirects with 1 s Graph latency over an HTTP/1.1 pool")
    func http1Pool() async throws {
        let figures = try await Self.concurrentRedirects(count: 500, tls: false)
        print("500 concurrent redirects, 1 s latency, HTTP/1.1: \(figures.elapsed), peak \(figures.peakConcurrency) at once")
        #expect(figures.accepted == 500, "not accepted: \(figures.failures)")
        #expect(figures.versions == ["HTTP/1.1"])
        // The pool overlaps redirects (8 connections would cap this at 8); no wall-clock bound.
        #expect(figures.peakConcurrency >= 100)
    }

    @Test("500 concurrent redirects with 1 s Graph latency, multiplexed over HTTP/2 with TLS")
    func http2OverTLS() async throws {
        let figures = try await Self.concurrentRedirects(count: 500, tls: true)
        print("500 concurrent redirects, 1 s latency, HTTP/2 over TLS: \(figures.elapsed), peak \(figures.peakConcurrency) at once")
        #expect(figures.accepted == 500, "not accepted: \(figures.failures)")
        #expect(figures.versions == ["HTTP/2.0"])
        #expect(figures.peakConcurrency > 8)
    }

    @Test("Over HTTP/2, redirects are spread over several connections, past one connection's 100 streams")
    func http2SpreadsOverConnections() async throws {
        // A long latency keeps every request open, so the peak shows the stream limit and not how
        // fast this (debug, shared) machine can issue requests.
        let figures = try await Self.concurrentRedirects(count: 300, tls: true, latency: .seconds(3))
        print("300 concurrent redirects, 3 s latency, HTTP/2 over TLS: peak \(figures.peakConcurrency) at once")
        #expect(figures.accepted == 300, "not accepted: \(figures.failures)")
        #expect(figures.versions == ["HTTP/2.0"])
        // The simulator, like most servers, allows 100 concurrent streams per connection.
        #expect(figures.peakConcurrency > 100)
    }

    @Test("Over HTTP/2, three connections carry 300 redirects at once: each takes the least busy connection, none waits for a stream")
    func http2FillsEveryStream() async throws {
        // Graph holds every redirect far longer than this machine takes to send 300, so the peak waits on
        // nothing but streams. Calls hashed onto connections would overfill one (100 ± 8 each) and hold
        // the rest back until a redirect ends, 15 s later. (The simulator's shutdown waits for its held
        // answers, so a longer hold makes a longer test.)
        var configuration = SimulatorConfiguration(tls: true, latency: .fixed(.seconds(15)))
        configuration.callWindow = .seconds(300)
        try await withClientAndSimulator(
            simulator: configuration,
            client: { $0.http2 = true; $0.http2Connections = 3; $0.attemptTimeout = .seconds(120) }
        ) { client, simulator in
            var calls: [OfferedCall] = []
            for _ in 0..<300 { calls.append(try await simulator.offerIncomingCall()) }
            let clock = ContinuousClock()
            let peak = await withTaskGroup(of: Void.self) { group in
                for call in calls {
                    group.addTask { _ = await client.redirect(call, window: .seconds(300)) }
                }
                // Bounded, and before the first answer: a debug build on a loaded machine sends 300 in a few seconds.
                let giveUp = clock.now + .seconds(14)
                while simulator.stats().peakConcurrentRedirects < 300, clock.now < giveUp {
                    try? await Task.sleep(for: .milliseconds(50))
                }
                group.cancelAll()
                return simulator.stats().peakConcurrentRedirects
            }
            #expect(peak == 300, "at most \(peak) redirects were at Graph at once over 3 connections")
        }
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
