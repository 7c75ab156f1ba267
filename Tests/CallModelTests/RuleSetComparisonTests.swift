import CallModel
import Foundation
import Testing

/// An incoming-call notification envelope from `callerPhone` to the bot `24701998-…`.
func incomingEnvelope(callID: String, callerPhone: String = "+14255550123", changeType: String = "created") -> String {
    #"{"value":[{"changeType":"\#(changeType)","resourceUrl":"/communications/calls/\#(callID)","resourceData":{"#
        + #""state":"incoming","direction":"incoming","#
        + #""source":{"identity":{"phone":{"id":"\#(callerPhone)"}}},"#
        + #""targets":[{"identity":{"application":{"id":"24701998-1a73-4d42-8085-bf46ed0ae039","displayName":"bot"}}}],"#
        + #""tenantId":"632899f8-2ea1-4604-8413-27bd2892079f","id":"\#(callID)"}}]}"#
}

/// Business hours 08:00–18:00 New York on weekdays go to the front desk; the rest ring out.
let currentRules = """
    timeZone: America/New_York
    rules:
      - name: front-desk
        when:
          schedule: {weekdays: [mon-fri], hours: "08:00-18:00"}
        action:
          redirect: {targets: [{phone: "+12345678901"}]}
    default:
      ignore: {reason: closed}
    """

/// The candidate keeps the front desk and sends after-hours calls to a hunt group.
let nextRules = """
    timeZone: America/New_York
    rules:
      - name: front-desk
        when:
          schedule: {weekdays: [mon-fri], hours: "08:00-18:00"}
        action:
          redirect: {targets: [{phone: "+12345678901"}]}
      - name: after-hours
        action:
          redirect: {targets: [{phone: "+12345678999"}]}
    """

@Suite("comparing two rule sets on recorded calls")
struct RuleSetComparisonTests {
    let old: RoutingRules
    let new: RoutingRules

    init() throws {
        old = try RoutingRules.load(yaml: currentRules, apiVersion: .v1)
        new = try RoutingRules.load(yaml: nextRules, apiVersion: .v1)
    }

    func record(_ callID: String, at time: String, source: String = "line") throws -> RecordedNotification {
        RecordedNotification(source: source, body: Array(incomingEnvelope(callID: callID).utf8), receivedAt: try Fixtures.instant(time))
    }

    @Test("each call is decided at its own receive time: a schedule flips at 18:00 New York")
    func receiveTimeDecides() throws {
        var comparison = RuleSetComparison(old: old, new: new)
        // 2025-06-03 is a Tuesday; 22:00:00Z is 18:00:00 EDT, the end of the window.
        comparison.add(try record("open", at: "2025-06-03T21:59:59Z"))
        comparison.add(try record("closed", at: "2025-06-03T22:00:00Z"))
        let rows = comparison.rows
        #expect(rows.count == 2)
        let changed = try #require(rows.first)
        #expect(changed.change.isChange)
        #expect(changed.change.old == DecisionSummary(action: "ignore", rule: "default"))
        #expect(changed.change.new == DecisionSummary(action: "redirect to phone +12345678999", rule: "after-hours"))
        #expect(changed.sampleCallIDs == ["closed"])
        let same = try #require(rows.last)
        #expect(!same.change.isChange)
        #expect(same.change.new.rule == "front-desk")
        #expect(same.sampleCallIDs == ["open"])
        #expect(comparison.changedCalls == 1)
        #expect(comparison.calls == 2)
    }

    @Test("counts every call but keeps a bounded number of samples per row")
    func boundedSamples() throws {
        var comparison = RuleSetComparison(old: old, new: new, sampleLimit: 2)
        for index in 0..<1_000 {
            comparison.add(try record("call-\(index)", at: "2025-06-04T03:00:00Z"))
        }
        #expect(comparison.calls == 1_000)
        #expect(comparison.rows.count == 1)
        #expect(comparison.rows.first?.calls == 1_000)
        #expect(comparison.rows.first?.sampleCallIDs == ["call-0", "call-1"])
    }

    @Test("records that cannot be evaluated are counted and named with the reason; other notifications are counted")
    func unevaluated() throws {
        var comparison = RuleSetComparison(old: old, new: new, unevaluatedSampleLimit: 1)
        comparison.add(RecordedNotification(source: "line 3", body: Array("{not json".utf8), receivedAt: Date()))
        comparison.add(RecordedNotification(source: "line 4", body: Array(#"{"value": 7}"#.utf8), receivedAt: Date()))
        comparison.add(RecordedNotification(source: "p[0]@9", body: Array(incomingEnvelope(callID: "a").utf8), receivedAt: nil))
        comparison.add(
            RecordedNotification(source: "line 6", body: Array(incomingEnvelope(callID: "b", changeType: "deleted").utf8), receivedAt: Date()))
        #expect(comparison.records == 4)
        #expect(comparison.calls == 0)
        #expect(comparison.otherNotifications == 1)
        #expect(comparison.unevaluatedCount == 3)
        #expect(comparison.unevaluatedByCode["no-receive-time"] == 1)
        #expect(comparison.unevaluatedSamples.count == 1)
        #expect(comparison.unevaluatedSamples.first?.source == "line 3")
        let text = comparison.textReport()
        #expect(text.contains("3 could not be evaluated"))
        #expect(text.contains("line 3: ["))
        #expect(text.contains("… and 2 more"))
    }

    @Test("the JSON report has the documented shape")
    func jsonShape() throws {
        var comparison = RuleSetComparison(old: old, new: new)
        comparison.add(try record("closed", at: "2025-06-03T22:00:00Z"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(comparison.jsonReport().utf8)) as? [String: Any])
        #expect(Set(json.keys) == [
            "records", "calls", "changedCalls", "otherNotifications", "earliestReceivedAt", "latestReceivedAt", "rows", "unevaluated",
        ])
        let row = try #require((json["rows"] as? [[String: Any]])?.first)
        #expect(Set(row.keys) == ["old", "new", "changed", "calls", "sampleCallIds"])
        #expect((row["new"] as? [String: String]) == ["action": "redirect to phone +12345678999", "rule": "after-hours"])
        #expect(json["earliestReceivedAt"] as? String == "2025-06-03T22:00:00.000Z")
        // Equal comparisons give equal bytes (CI can diff them).
        #expect(comparison.jsonReport() == comparison.jsonReport())
    }
}
