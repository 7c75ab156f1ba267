import Foundation
import Testing

@testable import Worker

@Suite("Call ledger")
struct CallLedgerTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("a call with a final outcome makes another record of it a duplicate")
    func duplicate() {
        var ledger = CallLedger<String>(timeToLive: .seconds(120), maxEntries: 10)
        #expect(isNew(ledger.verdict(callID: "call-1", offset: 4)))
        ledger.record(callID: "call-1", offset: 4, final: "redirected", storedAt: start)
        guard case .duplicate(let final) = ledger.verdict(callID: "call-1", offset: 9) else {
            Issue.record("expected a duplicate")
            return
        }
        #expect(final == "redirected")
    }

    @Test("the record whose outcome is stored is a replay, not a duplicate")
    func replay() {
        var ledger = CallLedger<String>(timeToLive: .seconds(120), maxEntries: 10)
        ledger.record(callID: "call-1", offset: 4, final: "redirected", storedAt: start)
        ledger.record(callID: "call-1", offset: 9, final: nil, storedAt: start)
        #expect(isReplay(ledger.verdict(callID: "call-1", offset: 4)))
        #expect(isReplay(ledger.verdict(callID: "call-1", offset: 9)))
    }

    @Test("the first final outcome of a call is kept")
    func firstFinalWins() {
        var ledger = CallLedger<String>(timeToLive: .seconds(120), maxEntries: 10)
        ledger.record(callID: "call-1", offset: 1, final: nil, storedAt: start)
        #expect(isNew(ledger.verdict(callID: "call-1", offset: 2)), "a non-final outcome does not block")
        ledger.record(callID: "call-1", offset: 2, final: "redirected", storedAt: start)
        ledger.record(callID: "call-1", offset: 3, final: "completed", storedAt: start)
        #expect(ledger.entry(for: "call-1")?.final == "redirected")
    }

    @Test("entries older than the time to live are dropped")
    func ageEviction() {
        var ledger = CallLedger<String>(timeToLive: .seconds(60), maxEntries: 10)
        ledger.record(callID: "old", offset: 1, final: "redirected", storedAt: start)
        ledger.record(callID: "new", offset: 2, final: "redirected", storedAt: start.addingTimeInterval(30))
        ledger.evictExpired(now: start.addingTimeInterval(61))
        #expect(ledger.entry(for: "old") == nil)
        #expect(ledger.entry(for: "new") != nil)
    }

    @Test("the oldest entries go once the ledger is full")
    func countEviction() {
        var ledger = CallLedger<String>(timeToLive: .seconds(600), maxEntries: 3)
        for index in 0..<5 {
            ledger.record(callID: "call-\(index)", offset: Int64(index), final: "redirected", storedAt: start)
        }
        #expect(ledger.count == 3)
        #expect(ledger.entry(for: "call-0") == nil)
        #expect(ledger.entry(for: "call-1") == nil)
        #expect(ledger.entry(for: "call-4") != nil)
    }

    private func isNew(_ verdict: CallLedger<String>.Verdict) -> Bool {
        if case .new = verdict { return true }
        return false
    }

    private func isReplay(_ verdict: CallLedger<String>.Verdict) -> Bool {
        if case .replay = verdict { return true }
        return false
    }
}
