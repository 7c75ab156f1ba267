import CallModel
import Foundation
import Testing

@Suite("Reject rules")
struct RejectRuleTests {
    @Test("reject names Graph's reason; a missing reason is none, and case does not matter", arguments: [
        ("{reject: {reason: busy}}", RejectReason.busy),
        ("{reject: {reason: Forbidden}}", .forbidden),
        ("{reject: {reason: none}}", .none),
        ("{reject: {}}", .none),
        ("{reject: }", .none),
    ])
    func reasons(action: String, reason: RejectReason) throws {
        let rules = try RoutingRules.load(yaml: "rules:\n  - name: r\n    action: \(action)\n", apiVersion: .v1)
        #expect(rules.rules.first?.action == .reject(reason))
        let decision = rules.decide(for: call(), at: Date(timeIntervalSince1970: 0))
        #expect(decision.action == .reject(reason))
        #expect(decision.redirectPlan == nil)
    }

    @Test("default may reject: unmatched calls are refused at once")
    func defaultRejects() throws {
        let yaml = """
            rules:
              - name: europe
                when: {regions: [emea]}
                action: {redirect: {targets: [{phone: "+12345678901"}]}}
            default:
              reject: {reason: busy}
            """
        let rules = try RoutingRules.load(yaml: yaml, apiVersion: .v1)
        let decision = rules.decide(for: call(region: "amer"), at: Date(timeIntervalSince1970: 0))
        #expect(decision.rule == .default)
        #expect(decision.action == .reject(.busy))
        #expect(rules.summaryLines.last == "default: reject (reason busy)")
    }

    @Test("the reject body is Graph's: {\"reason\": \"busy\"}", arguments: RejectReason.allCases)
    func body(reason: RejectReason) throws {
        let bytes = RejectRequestBody(reason: reason).jsonBytes()
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String]
        #expect(parsed == ["reason": reason.rawValue])
    }

    @Test("the example file refuses blocked callers and the hotline during its maintenance window")
    func exampleFile() throws {
        let rules = try RoutingRules.load(yaml: Fixtures.exampleRulesYAML(), apiVersion: .beta)
        let blocked = call(caller: IdentitySet(.phone, Identity(id: "+12065550199")), targets: [
            IdentitySet(.applicationInstance, Identity(id: "7629bdce-046c-4903-86b4-a8f718277e1a"))
        ])
        let blockedDecision = rules.decide(for: blocked, at: try Fixtures.instant("2025-06-03T14:00:00Z"))
        #expect(blockedDecision.rule?.name == "blocked-callers")
        #expect(blockedDecision.action == .reject(.forbidden))

        let hotline = call(caller: phoneCaller, targets: [
            IdentitySet(.applicationInstance, Identity(id: "5d3c2b1a-0f9e-4d8c-9b7a-6e5f4d3c2b1a"))
        ])
        // Sunday 2025-06-08 02:00 in New York is 06:00 UTC; 04:00 there is past the window.
        let during = rules.decide(for: hotline, at: try Fixtures.instant("2025-06-08T06:00:00Z"))
        #expect(during.rule?.name == "maintenance-window")
        #expect(during.action == .reject(.busy))
        let after = rules.decide(for: hotline, at: try Fixtures.instant("2025-06-08T08:00:00Z"))
        #expect(after.rule == .default)
        #expect(after.action == .ignore(reason: "no rule for this call"))
    }
}
