import Foundation
import Testing

@testable import Worker

@Suite("Call deadline")
struct CallDeadlineTests {
    let received = Date(timeIntervalSince1970: 1_750_000_000.250)

    @Test("the deadline is the ingress receive time plus the window minus the margin")
    func fromHeader() throws {
        let deadline = try #require(
            CallDeadline(
                receivedAtHeader: "1750000000250",
                recordTimestamp: Date(timeIntervalSince1970: 1_750_000_000.262),
                window: .seconds(15),
                safetyMargin: .seconds(1)
            )
        )
        #expect(deadline.receivedAt == received)
        #expect(deadline.deadline == received.addingTimeInterval(14))
        #expect(deadline.remaining(at: received.addingTimeInterval(4)) == .seconds(10))
        #expect(deadline.remaining(at: received.addingTimeInterval(15)) == .seconds(-1))
    }

    @Test("without a readable header the record timestamp is the receive time", arguments: [nil, "", "soon", "-5"])
    func fallback(header: String?) throws {
        let deadline = try #require(
            CallDeadline(receivedAtHeader: header, recordTimestamp: received, window: .seconds(15), safetyMargin: .zero)
        )
        #expect(deadline.receivedAt == received)
    }

    @Test("a header later than the record's timestamp does not stretch the window: the earlier time counts")
    func laterHeader() throws {
        let deadline = try #require(
            CallDeadline(receivedAtHeader: "1750003600250", recordTimestamp: received, window: .seconds(15), safetyMargin: .zero)
        )
        #expect(deadline.receivedAt == received)
    }

    @Test("an absurd header never traps: the time left is bounded", arguments: [String(Int64.max), "9000000000000000000"])
    func absurdHeader(header: String) throws {
        let deadline = try #require(
            CallDeadline(receivedAtHeader: header, recordTimestamp: nil, window: .seconds(15), safetyMargin: .zero)
        )
        let remaining = deadline.remaining(at: received)
        #expect(remaining > .seconds(86_400) && remaining <= .seconds(Int64(1000 * 365.25 * 86_400)))
        _ = deadline.instant(now: received, at: .now)
    }

    @Test("the wall-clock deadline becomes an instant of the monotonic clock")
    func instant() throws {
        let deadline = try #require(
            CallDeadline(receivedAtHeader: nil, recordTimestamp: received, window: .seconds(15), safetyMargin: .seconds(1))
        )
        let reference = ContinuousClock.now
        let instant = deadline.instant(now: received.addingTimeInterval(2.5), at: reference)
        #expect(instant - reference == .milliseconds(11_500))
    }

    @Test("a receive time later than the worker saw the record (clock skew) counts from when the worker saw it")
    func skewCapped() throws {
        let ahead = try #require(
            CallDeadline(receivedAtHeader: nil, recordTimestamp: received.addingTimeInterval(10), window: .seconds(15), safetyMargin: .seconds(1)))
        let (capped, skew) = ahead.capped(seenAt: received, window: .seconds(15), safetyMargin: .seconds(1))
        #expect(skew == 10)
        #expect(capped.receivedAt == received)
        #expect(capped.remaining(at: received) == .seconds(14), "not 24 s: the skew does not stretch the window")
        let behind = try #require(
            CallDeadline(receivedAtHeader: nil, recordTimestamp: received.addingTimeInterval(-2), window: .seconds(15), safetyMargin: .seconds(1)))
        let (same, none) = behind.capped(seenAt: received, window: .seconds(15), safetyMargin: .seconds(1))
        #expect(none == 0)
        #expect(same == behind)
    }
}
