import Testing

@testable import Kafka

@Suite("KafkaProducer sends with a deadline")
struct ProducerDeadlineTests {
    // No test here bounds how late a send fails: on a loaded machine the poll thread and the task that
    // resumes may run arbitrarily late. Lateness is a property of `ProducerState.expire(now:tick:)`,
    // tested with injected instants in `DeadlineBookkeepingTests`; here only order and lower bounds.

    @Test("with every broker down, the send fails at its deadline with timedOut; the late report is counted")
    func failsAtDeadline() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        let warm = try await producer.send(topic: fixture.topic, key: Array("k".utf8), value: [0], deadline: .now + .seconds(10))
        try fixture.cluster.setBrokerDown(nil)

        let deadline = ContinuousClock.now + .milliseconds(700)
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(topic: fixture.topic, key: Array("k".utf8), value: [1], deadline: deadline)
        }
        let failedAt = ContinuousClock.now
        #expect(failedAt >= deadline, "failed \(failedAt.duration(to: deadline)) before the deadline")
        #expect(error?.code == .timedOut)
        #expect(error?.isRetriable == true)
        #expect(error?.message.contains("may be stored later") == true)
        // The record is still with librdkafka, and it is delivered once the brokers are back.
        #expect(producer.inFlightCount == 1)
        #expect(producer.lateDeliveryReportCount == 0)
        try fixture.cluster.setBrokerUp(nil)
        #expect(await eventually(timeout: .seconds(15)) { producer.lateDeliveryReportCount == 1 })
        #expect(producer.inFlightCount == 0)
        #expect(try await fixture.highWatermark(partition: warm.partition) == warm.offset + 2)
        await producer.shutdown(flushTimeout: .seconds(5))
    }

    @Test("sends fail in deadline order, each at its own deadline, also when a later send has an earlier deadline")
    func deadlineOrder() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        _ = try await producer.send(topic: fixture.topic, key: nil, value: [0])
        try fixture.cluster.setBrokerDown(nil)

        let start = ContinuousClock.now
        // Registered longest first: each shorter deadline must wake the sleeping poll thread early.
        // Seconds apart, so that a loaded machine's late task starts and resumptions (a CPU hog made
        // them take longer than 650 ms) cannot reorder what the producer did in order.
        let offsets: [Duration] = [.milliseconds(7_000), .milliseconds(4_000), .milliseconds(1_000)]
        let failures = try await withThrowingTaskGroup(of: (Duration, Duration).self) { group in
            for offset in offsets {
                group.addTask {
                    do {
                        _ = try await producer.send(topic: fixture.topic, key: nil, value: [1], deadline: start + offset)
                    } catch let error as KafkaError where error.code == .timedOut {}
                    return (offset, start.duration(to: .now))
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(failures.map(\.0) == offsets.reversed())
        for (offset, failedAfter) in failures {
            #expect(failedAfter >= offset, "deadline \(offset), failed after \(failedAfter)")
        }
        try fixture.cluster.setBrokerUp(nil)
        await producer.shutdown(flushTimeout: .seconds(10))
    }

    @Test("with the brokers up, a send with a deadline returns where the record was stored")
    func succeeds() async throws {
        let fixture = try MockFixture()
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        let report = try await producer.send(topic: fixture.topic, key: Array("a".utf8), value: [7], deadline: .now + .seconds(10))
        #expect(try await fixture.storedValues(at: report) == [[7]])
        #expect(producer.lateDeliveryReportCount == 0)
        await producer.shutdown(flushTimeout: .seconds(5))
    }

    @Test("a deadline that has passed fails at once and sends nothing")
    func passedDeadline() async throws {
        let fixture = try MockFixture(partitions: 1)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        await #expect(throws: KafkaError(.timedOut)) {
            try await producer.send(topic: fixture.topic, key: nil, value: [1], deadline: .now - .milliseconds(1))
        }
        #expect(producer.inFlightCount == 0)
        try await producer.flush(timeout: .seconds(5))
        #expect(try await fixture.highWatermark(partition: 0) == 0)
        await producer.shutdown(flushTimeout: .seconds(1))
    }

    @Test("1,000 concurrent sends with deadlines all complete with distinct offsets")
    func concurrentSends() async throws {
        let fixture = try MockFixture(partitions: 4)
        defer { fixture.shutdown() }
        let producer = try fixture.makeProducer()
        let reports = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for index in 0..<1_000 {
                group.addTask {
                    // Deadlines in every order, so the heap is exercised beyond appends.
                    let deadline = ContinuousClock.now + .seconds(20) + .milliseconds((index * 7_919) % 1_000)
                    return try await producer.send(topic: fixture.topic, key: Array("key-\(index % 50)".utf8), value: [1], deadline: deadline)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(reports.map { "\($0.partition)@\($0.offset)" }).count == 1_000)
        #expect(producer.inFlightCount == 0)
        #expect(producer.lateDeliveryReportCount == 0)
        await producer.shutdown(flushTimeout: .seconds(5))
    }
}

@Suite("Deadline bookkeeping")
struct DeadlineBookkeepingTests {
    @Test("the heap yields entries earliest first, whatever the insertion order")
    func heapOrder() {
        var heap = DeadlineHeap()
        let base = ContinuousClock.now
        var generator = SystemRandomNumberGenerator()
        let offsets = (0..<500).map { _ in Int.random(in: 0..<200, using: &generator) }
        for (id, offset) in offsets.enumerated() {
            heap.insert(.init(deadline: base + .milliseconds(offset), id: UInt64(id)))
        }
        var removed: [DeadlineHeap.Entry] = []
        while let entry = heap.removeFirst() { removed.append(entry) }
        #expect(removed.count == 500)
        #expect(removed.map { base.duration(to: $0.deadline) } == offsets.sorted().map { .milliseconds($0) })
        #expect(heap.isEmpty)
    }

    @Test(
        "poll timeouts round up to whole milliseconds, so the thread never wakes before a deadline",
        arguments: [
            (Duration.zero, Int32(0)), (.nanoseconds(-5), 0), (.nanoseconds(1), 1), (.milliseconds(2), 2),
            (.microseconds(2_001), 3), (.seconds(1), 1_000), (.seconds(Int64.max), Int32.max),
        ]
    )
    func pollTimeout(_ duration: Duration, _ milliseconds: Int32) {
        #expect(KafkaPollThread.milliseconds(roundingUp: duration) == milliseconds)
    }

    @Test("a shorter deadline registered later wakes the poll thread early, and sends expire in deadline order")
    func earlierDeadlineWakes() async {
        let base = ContinuousClock.now
        var state = ProducerState()
        await #expect(throws: KafkaError(.timedOut)) {
            _ = try await withCheckedThrowingContinuation { (continuation: ProducerState.Continuation) in
                // One continuation stands for all three sends; it is resumed exactly once below.
                var wakes: [Bool] = []
                for (id, offset) in [(UInt64(1), 1_600), (2, 900), (3, 250)] {
                    if case .registered(let wake) = state.register(id, continuation, deadline: base + .milliseconds(offset), isCancelled: false) {
                        wakes.append(wake)
                    }
                }
                #expect(wakes == [true, true, true], "each shorter deadline must wake the sleeping poll thread")
                var expiredAt: [Int] = []
                var sleeps: [Duration] = []
                // The poll thread wakes at instants it is given here, never at real times.
                for now in [0, 250, 900, 1_600] {
                    let (expired, sleep) = state.expire(now: base + .milliseconds(now), tick: .seconds(1))
                    if !expired.isEmpty { expiredAt.append(now) }
                    #expect(expired.count <= 1)
                    sleeps.append(sleep)
                }
                #expect(expiredAt == [250, 900, 1_600])
                #expect(sleeps == [.milliseconds(250), .milliseconds(650), .milliseconds(700), .seconds(1)])
                continuation.resume(throwing: KafkaError(.timedOut))
            }
        }
        #expect(state.pending.isEmpty && state.deadlines.isEmpty)
    }

    @Test("a send past its deadline is failed once; its delivery report afterwards is late, not resumed again")
    func expiryThenReport() async {
        let base = ContinuousClock.now
        var state = ProducerState()
        await #expect(throws: KafkaError(.timedOut)) {
            _ = try await withCheckedThrowingContinuation { (continuation: ProducerState.Continuation) in
                let registration = state.register(1, continuation, deadline: base + .milliseconds(10), isCancelled: false)
                guard case .registered(wakePollThread: true) = registration else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let (early, earlySleep) = state.expire(now: base, tick: .seconds(1))
                #expect(early.isEmpty && earlySleep == .milliseconds(10))
                let (expired, sleep) = state.expire(now: base + .milliseconds(10), tick: .seconds(1))
                #expect(expired.count == 1 && sleep == .seconds(1))
                if let first = expired.first {
                    first.resume(throwing: KafkaError(.timedOut))
                } else {
                    continuation.resume(throwing: CancellationError())
                }
            }
        }
        let (continuation, isLate) = state.complete(1)
        #expect(continuation == nil && isLate)
        #expect(state.lateDeliveryReports == 1 && state.inFlight == 0 && state.deadlines.isEmpty)
    }
}
