/// How many attempts each of the Graph client's connection pools has in flight, and which pool the next one takes.
///
/// The next attempt takes the pool with the fewest in flight, the lowest index among equals. So with `n`
/// attempts in flight over `p` pools no pool carries more than ⌈n ÷ p⌉, and a pool per 100 concurrent redirects
/// never queues behind a connection's stream limit while another has room, as a pool chosen by hashing the call
/// would. Among equals the lowest index wins, so a quiet worker keeps using its first connection, warm, instead
/// of spreading a few calls over every pool until each connection idles out.
struct GraphPoolLoad: Sendable {
    /// Attempts in flight per pool.
    private(set) var inFlight: [Int]

    /// Load for `pools` pools, none in use.
    init(pools: Int) {
        precondition(pools >= 1, "a Graph client has at least one connection pool")
        inFlight = Array(repeating: 0, count: pools)
    }

    /// Counts an attempt on the least loaded pool and returns that pool's index.
    mutating func lease() -> Int {
        var chosen = 0
        for index in inFlight.indices.dropFirst() where inFlight[index] < inFlight[chosen] {
            chosen = index
        }
        inFlight[chosen] += 1
        return chosen
    }

    /// Counts an attempt on pool `index` as ended.
    mutating func release(_ index: Int) {
        precondition(inFlight[index] > 0, "released a Graph connection pool with no attempt in flight")
        inFlight[index] -= 1
    }
}
