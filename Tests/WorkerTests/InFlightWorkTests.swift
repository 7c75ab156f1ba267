import Testing

@testable import Worker

@Suite("In-flight work: back-pressure and draining")
struct InFlightWorkTests {
    static func openWork(maxHeld: Int) -> InFlightWork<Int> {
        let work = InFlightWork<Int>(maxHeld: maxHeld)
        for (partition, generation) in work.assign([0]) {
            _ = work.open(partition: partition, generation: generation)
        }
        return work
    }

    @Test("intake waits while the bound is reached and resumes when a record completes")
    func backPressure() async throws {
        let work = Self.openWork(maxHeld: 2)
        var items: [InFlightWork<Int>.Item] = []
        for offset in 0..<2 {
            let registration = work.register(
                key: .key(partition: 0, bytes: [UInt8(offset)]), partition: 0, offset: Int64(offset), payload: offset
            )
            if case .start(let item) = registration { items.append(item) }
        }
        #expect(work.held == 2)

        let resumed = LockedBox(false)
        let waiter = Task {
            await work.waitForCapacity()
            resumed.value = true
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(!resumed.value, "the bound is reached")

        _ = work.complete(items[0])
        await waiter.value
        #expect(resumed.value)
        #expect(work.held == 1)
    }

    @Test("a revoke waits for running work, within a bound")
    func drain() async throws {
        let work = Self.openWork(maxHeld: 10)
        guard case .start(let item) = work.register(key: .partition(0), partition: 0, offset: 0, payload: 0) else {
            Issue.record("the first record starts")
            return
        }
        work.beginRevoke([0])
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await work.waitUntilDrained([0], timeout: .milliseconds(100)) == false)
        #expect(clock.now - start >= .milliseconds(100))

        let drained = Task { await work.waitUntilDrained([0], timeout: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(20))
        _ = work.complete(item)
        // `true` means the work ended it; reaching the 10 s bound would have answered `false`.
        #expect(await drained.value, "draining ends when the work ends, not at the bound")
        #expect(work.release([0]) == [0: 1])
    }

    @Test("a cancelled intake stops waiting for capacity")
    func cancelledWait() async {
        let work = Self.openWork(maxHeld: 1)
        _ = work.register(key: .partition(0), partition: 0, offset: 0, payload: 0)
        let waiter = Task { await work.waitForCapacity() }
        waiter.cancel()
        await waiter.value
        #expect(work.held == 1)
    }
}
