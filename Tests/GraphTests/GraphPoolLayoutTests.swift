import GraphSimulator
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import Graph

/// How many connection pools a Graph client runs, and on which event loop each one runs.
@Suite struct GraphPoolLayoutTests {
    @Test("With HTTP/2, one pool per connection, spread over the loops in turn")
    func http2() {
        let layout = GraphPoolLayout(http2: true, http2Connections: 5, maxConnectionsPerHost: 512, eventLoops: 2)
        #expect(layout.pools.map(\.eventLoop) == [0, 1, 0, 1, 0])
        // Each pool may fall back to HTTP/1.1 with the whole bound, as before.
        #expect(layout.pools.allSatisfy { $0.http1Connections == 512 })
        #expect(GraphPoolLayout(http2: true, http2Connections: 1, maxConnectionsPerHost: 512, eventLoops: 4).pools
            == [.init(eventLoop: 0, http1Connections: 512)])
    }

    @Test("Over HTTP/1.1, a pool per loop, sharing the connection bound so the client never opens more")
    func http1() {
        #expect(GraphPoolLayout(http2: false, http2Connections: 11, maxConnectionsPerHost: 512, eventLoops: 2).pools
            == [.init(eventLoop: 0, http1Connections: 256), .init(eventLoop: 1, http1Connections: 256)])
        #expect(GraphPoolLayout(http2: false, http2Connections: 11, maxConnectionsPerHost: 7, eventLoops: 3).pools.map(\.http1Connections)
            == [3, 2, 2])
        // Never a pool that may open no connection.
        #expect(GraphPoolLayout(http2: false, http2Connections: 4, maxConnectionsPerHost: 2, eventLoops: 8).pools
            == [.init(eventLoop: 0, http1Connections: 1), .init(eventLoop: 1, http1Connections: 1)])
        #expect(GraphPoolLayout(http2: false, http2Connections: 4, maxConnectionsPerHost: 512, eventLoops: 1).pools
            == [.init(eventLoop: 0, http1Connections: 512)])
    }

    @Test("A client's pools each run on one loop of the shared group, all loops in use")
    func clientPoolsOnOneLoopEach() async throws {
        let loops = Array(MultiThreadedEventLoopGroup.singleton.makeIterator())
        for http2 in [true, false] {
            let client = try GraphClient(
                configuration: GraphClientConfiguration(
                    clientID: "app", credential: .clientSecret("secret"), http2: http2, http2Connections: 2 * loops.count),
                logger: Logger(label: "test.graph"))
            let pools = client.pools.clients.map { $0.eventLoopGroup as? any EventLoop }
            #expect(pools.allSatisfy { $0 != nil }, "every pool's group is a single event loop")
            let used = Set(pools.compactMap { $0.map(ObjectIdentifier.init) })
            #expect(used == Set(loops.map(ObjectIdentifier.init)))
            #expect(pools.count == (http2 ? 2 * loops.count : loops.count))
            try await client.shutdown()
        }
    }

    @Test("Over HTTP/1.1 the pools together open no more than maxConnectionsPerHost connections")
    func http1ConnectionBound() async throws {
        // Graph holds each redirect, so every connection the client may open is in use at the peak.
        var configuration = SimulatorConfiguration(tls: false, latency: .fixed(.seconds(2)))
        configuration.callWindow = .seconds(120)
        try await withClientAndSimulator(
            simulator: configuration,
            client: { $0.http2 = false; $0.maxConnectionsPerHost = 6; $0.attemptTimeout = .seconds(60) }
        ) { client, simulator in
            var calls: [OfferedCall] = []
            for _ in 0..<24 { calls.append(try await simulator.offerIncomingCall()) }
            let accepted = await withTaskGroup(of: Bool.self) { group in
                for call in calls { group.addTask { await client.redirect(call, window: .seconds(120)).isAccepted } }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 24)
            #expect(simulator.stats().peakConcurrentRedirects == 6, "one redirect per connection, 6 connections")
        }
    }
}
