import Testing

@testable import Worker

@Suite("Work scheduler")
struct WorkSchedulerTests {
    typealias Scheduler = WorkScheduler<String>

    static func key(_ name: String, partition: Int32 = 0) -> SchedulingKey {
        .key(partition: partition, bytes: Array(name.utf8))
    }

    /// An open scheduler with partition 0 assigned.
    static func openScheduler(partitions: [Int32] = [0]) -> Scheduler {
        var scheduler = Scheduler()
        for (partition, generation) in scheduler.assign(partitions) {
            #expect(scheduler.open(partition: partition, generation: generation).isEmpty)
        }
        return scheduler
    }

    static func started(_ registration: Scheduler.Registration) -> Scheduler.Item? {
        if case .start(let item) = registration { return item }
        return nil
    }

    @Test("records of one key run one at a time, in offset order")
    func orderPerKey() throws {
        var scheduler = Self.openScheduler()
        let first = try #require(Self.started(scheduler.register(key: Self.key("A"), partition: 0, offset: 0, payload: "a0")))
        #expect(Self.started(scheduler.register(key: Self.key("A"), partition: 0, offset: 1, payload: "a1")) == nil)
        #expect(Self.started(scheduler.register(key: Self.key("A"), partition: 0, offset: 2, payload: "a2")) == nil)
        #expect(scheduler.inFlight == 1)

        let second = try #require(scheduler.complete(first).next)
        #expect(second.payload == "a1")
        let third = try #require(scheduler.complete(second).next)
        #expect(third.payload == "a2")
        #expect(scheduler.complete(third).next == nil)
        #expect(scheduler.held == 0)
        #expect(scheduler.committableOffsets == [0: 3])
    }

    @Test("different keys of one partition run concurrently; a slow one holds back only the offset")
    func concurrencyAcrossKeys() throws {
        var scheduler = Self.openScheduler()
        let slow = try #require(Self.started(scheduler.register(key: Self.key("slow"), partition: 0, offset: 0, payload: "slow")))
        var others: [Scheduler.Item] = []
        for offset in 1...100 {
            let item = Self.started(
                scheduler.register(key: Self.key("call-\(offset)"), partition: 0, offset: Int64(offset), payload: "c")
            )
            others.append(try #require(item, "call-\(offset) must start at once"))
        }
        #expect(scheduler.inFlight == 101)
        for item in others { _ = scheduler.complete(item) }
        #expect(scheduler.committableOffsets == [0: 0], "the slow record at 0 is not finished")
        _ = scheduler.complete(slow)
        #expect(scheduler.committableOffsets == [0: 101])
    }

    @Test("partition ordering runs one record at a time per partition")
    func partitionOrdering() throws {
        var scheduler = Self.openScheduler(partitions: [0, 1])
        let p0 = try #require(Self.started(scheduler.register(key: .partition(0), partition: 0, offset: 0, payload: "x")))
        #expect(Self.started(scheduler.register(key: .partition(0), partition: 0, offset: 1, payload: "y")) == nil)
        #expect(Self.started(scheduler.register(key: .partition(1), partition: 1, offset: 0, payload: "z")) != nil)
        #expect(try #require(scheduler.complete(p0).next).payload == "y")
    }

    @Test("a gated partition holds its records until its ledger is rebuilt")
    func gating() throws {
        var scheduler = Scheduler()
        let (partition, generation) = try #require(scheduler.assign([3]).first)
        #expect(Self.started(scheduler.register(key: Self.key("A", partition: 3), partition: 3, offset: 0, payload: "a0")) == nil)
        #expect(Self.started(scheduler.register(key: Self.key("A", partition: 3), partition: 3, offset: 1, payload: "a1")) == nil)
        #expect(Self.started(scheduler.register(key: Self.key("B", partition: 3), partition: 3, offset: 2, payload: "b")) == nil)
        #expect(scheduler.inFlight == 0)
        #expect(scheduler.held == 3)

        let opened = scheduler.open(partition: partition, generation: generation)
        #expect(Set(opened.map(\.payload)) == ["a0", "b"], "only the head of each key starts")
        #expect(scheduler.inFlight == 2)
    }

    @Test("records of unassigned partitions and replayed offsets are refused")
    func refusals() {
        var scheduler = Self.openScheduler()
        if case .notAssigned = scheduler.register(key: Self.key("A", partition: 9), partition: 9, offset: 0, payload: "") {
        } else {
            Issue.record("partition 9 is not assigned")
        }
        _ = scheduler.register(key: Self.key("A"), partition: 0, offset: 5, payload: "")
        if case .replay = scheduler.register(key: Self.key("B"), partition: 0, offset: 5, payload: "") {
        } else {
            Issue.record("offset 5 was registered already")
        }
    }

    @Test("revoke drops queued records, keeps running ones, and a late finisher moves nothing")
    func revoke() throws {
        var scheduler = Self.openScheduler()
        let running = try #require(Self.started(scheduler.register(key: Self.key("A"), partition: 0, offset: 0, payload: "a0")))
        _ = scheduler.register(key: Self.key("A"), partition: 0, offset: 1, payload: "a1")
        let other = try #require(Self.started(scheduler.register(key: Self.key("B"), partition: 0, offset: 2, payload: "b")))
        _ = scheduler.complete(other)

        #expect(scheduler.beginRevoke([0]) == 1, "a1 was queued behind a0")
        #expect(!scheduler.isDrained([0]))
        if case .notAssigned = scheduler.register(key: Self.key("C"), partition: 0, offset: 3, payload: "") {
        } else {
            Issue.record("a revoking partition takes no new records")
        }
        #expect(scheduler.release([0]) == [0: 0], "a0 never finished: the next owner starts at 0")
        #expect(scheduler.held == 0)
        #expect(scheduler.inFlight == 0)

        // Reassigned: the late finisher of the old assignment must not touch the new one.
        let (_, generation) = try #require(scheduler.assign([0]).first)
        _ = scheduler.open(partition: 0, generation: generation)
        let fresh = try #require(Self.started(scheduler.register(key: Self.key("A"), partition: 0, offset: 0, payload: "again")))
        let late = scheduler.complete(running)
        #expect(!late.counted)
        #expect(scheduler.committableOffsets == [0: 0])
        #expect(scheduler.complete(fresh).counted)
        #expect(scheduler.committableOffsets == [0: 1])
    }

    @Test("equal keys hash alike, and a key's bytes, partition and kind all tell keys apart")
    func keyHashing() {
        let call = "481f0b00-2d9e-4ca1-8c67-a5f1e31e8e81"
        #expect(Self.key(call).hashValue == SchedulingKey.key(partition: 0, bytes: Array(call.utf8)).hashValue)
        let distinct: [SchedulingKey] = [
            Self.key(call), Self.key(call, partition: 1), Self.key(call + "0"), Self.key(""),
            .partition(0), .partition(1), .record(partition: 0, offset: 0), .record(partition: 0, offset: 1),
        ]
        #expect(Set(distinct).count == distinct.count)
        #expect(Set(distinct.map(\.hashValue)).count == distinct.count)
    }
}
