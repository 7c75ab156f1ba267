import AsyncHTTPClient
import Synchronization

/// The `HTTPClient`s redirects are spread over, each attempt on the one with the fewest attempts in flight.
///
/// AsyncHTTPClient keeps one HTTP/2 connection per host, and a server caps the concurrent streams on it, so
/// each pool is one connection's worth of concurrency (see `GraphPoolLoad` for the choice). A client made by
/// `GraphClient` runs each pool on one event loop (see `GraphPoolLayout`).
final class GraphConnectionPools: Sendable {
    /// The pools; the first also fetches tokens.
    let clients: [HTTPClient]
    private let load: Mutex<GraphPoolLoad>

    /// Pools over `clients`, which must not be empty.
    init(_ clients: [HTTPClient]) {
        precondition(!clients.isEmpty, "a Graph client has at least one connection pool")
        self.clients = clients
        self.load = Mutex(GraphPoolLoad(pools: clients.count))
    }

    /// Runs `body` on the least loaded pool, counting it in flight until `body` returns.
    func withLeastLoaded<T>(_ body: (HTTPClient) async throws -> T) async rethrows -> T {
        guard clients.count > 1 else { return try await body(clients[0]) }
        let index = load.withLock { $0.lease() }
        defer { load.withLock { $0.release(index) } }
        return try await body(clients[index])
    }
}
