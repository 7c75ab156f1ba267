import Testing

@testable import Graph

/// Which connection pool each Graph attempt takes.
@Suite struct GraphPoolLoadTests {
    @Test("A quiet client keeps to its first pool, so one connection stays warm")
    func quietKeepsToFirst() {
        var load = GraphPoolLoad(pools: 11)
        for _ in 0..<50 {
            let pool = load.lease()
            #expect(pool == 0)
            load.release(pool)
        }
        #expect(load.inFlight == Array(repeating: 0, count: 11))
    }

    @Test("Each attempt takes the pool with the fewest in flight, the lowest among equals")
    func leastLoaded() {
        var load = GraphPoolLoad(pools: 3)
        #expect([load.lease(), load.lease(), load.lease(), load.lease()] == [0, 1, 2, 0])
        load.release(1)
        #expect(load.lease() == 1)
        load.release(0)
        load.release(0)
        #expect(load.inFlight == [0, 1, 1])
        #expect([load.lease(), load.lease()] == [0, 0])
    }

    @Test("However attempts start and end, no pool carries more than its share, so 100 calls per pool never wait for a stream",
        arguments: [(pools: 11, inFlight: 1_024), (pools: 4, inFlight: 400), (pools: 3, inFlight: 7)])
    func neverPastShare(pools: Int, inFlight: Int) {
        var load = GraphPoolLoad(pools: pools)
        var generator = SplitMix64(seed: UInt64(pools * 10_000 + inFlight))
        var open: [Int] = []
        let share = (inFlight + pools - 1) / pools
        for _ in 0..<50_000 {
            // Start while below the bound and, at random, end a random open attempt (latencies differ).
            if open.count < inFlight && (open.isEmpty || generator.next() % 2 == 0) {
                open.append(load.lease())
            } else {
                let index = Int(generator.next() % UInt64(open.count))
                load.release(open.remove(at: index))
            }
            #expect(load.inFlight.max() ?? 0 <= share)
            #expect(load.inFlight.reduce(0, +) == open.count)
        }
    }
}

/// A seeded generator, so a failure repeats.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
