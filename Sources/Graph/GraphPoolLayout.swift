/// How many connection pools a Graph client runs, and on which event loop each one runs.
///
/// Each pool is an `HTTPClient` on one event loop, so a request and its connection are always on the same
/// loop. On a group of several loops AsyncHTTPClient would put a request on one loop and take an idle
/// connection on another, and every step of the exchange (the head sent, the body asked for and written,
/// the response head and end) would then hop between the two, each hop a wake-up of the other thread.
struct GraphPoolLayout: Sendable, Equatable {
    /// One pool: the index of its event loop, and the HTTP/1.1 connections it may open to Graph.
    struct Pool: Sendable, Equatable {
        var eventLoop: Int
        var http1Connections: Int
    }

    /// The pools, the first of which also fetches tokens.
    var pools: [Pool]

    /// The layout for a client on `eventLoops` loops (at least one).
    ///
    /// - With HTTP/2 offered: `http2Connections` pools, one HTTP/2 connection each, pool `i` on loop `i`
    ///   modulo the loops; each may open `maxConnectionsPerHost` HTTP/1.1 connections if Graph answers
    ///   without HTTP/2.
    /// - HTTP/1.1 only: a pool per loop (never more pools than connections), sharing
    ///   `maxConnectionsPerHost` between them, so the client opens at most that many in all.
    init(http2: Bool, http2Connections: Int, maxConnectionsPerHost: Int, eventLoops: Int) {
        precondition(eventLoops >= 1, "an event loop group has at least one loop")
        if http2 {
            pools = (0..<max(1, http2Connections)).map {
                Pool(eventLoop: $0 % eventLoops, http1Connections: max(1, maxConnectionsPerHost))
            }
            return
        }
        let total = max(1, maxConnectionsPerHost)
        let count = min(eventLoops, total)
        pools = (0..<count).map { index in
            Pool(eventLoop: index, http1Connections: total / count + (index < total % count ? 1 : 0))
        }
    }
}
