import Testing

@testable import Worker

@Suite("Offset tracker")
struct OffsetTrackerTests {
    @Test("nothing registered: nothing to commit")
    func emptyTracker() {
        let tracker = OffsetTracker()
        #expect(tracker.committable == nil)
    }

    @Test("the committable offset never passes an unfinished record")
    func outOfOrderFinishes() {
        var tracker = OffsetTracker()
        let tickets = (10...14).map { tracker.register(Int64($0)) }
        #expect(tracker.committable == 10)

        tracker.finish(tickets[2])
        tracker.finish(tickets[4])
        #expect(tracker.committable == 10, "10 is still running")

        tracker.finish(tickets[0])
        #expect(tracker.committable == 11)

        tracker.finish(tickets[1])
        #expect(tracker.committable == 13, "12 was finished before, 13 is not")

        tracker.finish(tickets[3])
        #expect(tracker.committable == 15, "all finished: one past the last")
        #expect(tracker.pendingCount == 0)
    }

    @Test("gaps in offsets (compaction, transaction markers) commit past the gap")
    func gaps() {
        var tracker = OffsetTracker()
        let a = tracker.register(5)
        let b = tracker.register(9)
        tracker.finish(b)
        #expect(tracker.committable == 5)
        tracker.finish(a)
        #expect(tracker.committable == 10)
    }

    @Test("an offset at or below the last registered one is a replay")
    func replays() {
        var tracker = OffsetTracker()
        _ = tracker.register(7)
        #expect(!tracker.accepts(7))
        #expect(!tracker.accepts(3))
        #expect(tracker.accepts(8))
    }

    @Test("many records finished in random order end with everything committable")
    func randomOrder() {
        var tracker = OffsetTracker()
        var tickets = (0..<10_000).map { (offset: Int64($0), ticket: tracker.register(Int64($0))) }
        tickets.shuffle()
        var finished = Set<Int64>()
        for (offset, ticket) in tickets {
            tracker.finish(ticket)
            finished.insert(offset)
            var lowestUnfinished: Int64 = 0
            while finished.contains(lowestUnfinished) { lowestUnfinished += 1 }
            if offset % 97 == 0 {
                #expect(tracker.committable == lowestUnfinished)
            }
        }
        #expect(tracker.committable == 10_000)
    }
}
