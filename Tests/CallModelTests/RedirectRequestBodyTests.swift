import CallModel
import Foundation
import Testing

@Suite("Building redirect request bodies")
struct RedirectRequestBodyTests {
    /// A business-hours instant for the example file (Tuesday 10:00 in New York).
    static let businessHours = "2025-06-03T14:00:00Z"

    @Test("the example rules reproduce the seed's redirect bodies exactly", arguments: [1, 2, 3])
    func seedBodies(example: Int) throws {
        let scenario = try Fixtures.seed(example)
        let rules = try RoutingRules.load(yaml: Fixtures.exampleRulesYAML(), apiVersion: .beta)
        let call = try #require(try NotificationParser.parse(scenario.incomingNotification).value.first?.resourceData)

        let decision = rules.decide(for: call, at: try Fixtures.instant(Self.businessHours))
        let plan = try #require(decision.redirectPlan, "decision: \(decision.explanation)")
        let body = RedirectRequestBody.make(plan: plan, call: call)

        #expect(try canonicalJSON(body.jsonBytes()) == canonicalJSON(scenario.redirectRequest))
        #expect(try canonicalJSON(body.jsonBytes(prettyPrinted: true)) == canonicalJSON(scenario.redirectRequest))
    }

    @Test("the pretty body is laid out like Graph's examples")
    func prettyLayout() throws {
        let body = RedirectRequestBody(
            targets: [RedirectTarget(kind: .phone, id: "+12345678901")],
            callbackURI: "https://bot.contoso.com/api/calls/24701998-1a73-4d42-8085-bf46ed0ae039"
        )
        let expected = try Fixtures.seed(3).redirectRequest
        #expect(String(decoding: body.jsonBytes(prettyPrinted: true), as: UTF8.self)
            == String(decoding: expected, as: UTF8.self).trimmingCharacters(in: .newlines))
    }

    @Test("optional members appear only when set, and the rule's callbackUri overrides the notification's")
    func optionalMembers() throws {
        let call = GraphCall(id: "c1", callbackURI: "https://bot.contoso.com/api/calls/1")
        let plain = RedirectRequestBody.make(plan: RedirectPlan(targets: [RedirectTarget(kind: .phone, id: "+12345678901")]), call: call)
        let plainJSON = String(decoding: plain.jsonBytes(), as: UTF8.self)
        for member in ["timeout", "maskCallee", "maskCaller", "routingPolicies", "tenantId", "displayName"] {
            #expect(!plainJSON.contains(member))
        }
        #expect(plainJSON.contains(#""callbackUri":"https://bot.contoso.com/api/calls/1""#))

        let full = RedirectRequestBody.make(plan: RedirectPlan(
            targets: [RedirectTarget(kind: .user, id: "98da8a1a-1b87-452c-a713-65d3f10b1253", displayName: "A \"quoted\" name",
                                     tenantID: "632899f8-2ea1-4604-8413-27bd2892079f")],
            timeout: 30, maskCallee: true, maskCaller: false, callbackURI: "https://other.contoso.com/cb",
            routingPolicies: ["disableForwarding"]
        ), call: call)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(full.jsonBytes())) as? [String: Any])
        #expect(object["timeout"] as? Int == 30)
        #expect(object["maskCallee"] as? Bool == true)
        #expect(object["maskCaller"] as? Bool == false)
        #expect(object["routingPolicies"] as? [String] == ["disableForwarding"])
        #expect(object["callbackUri"] as? String == "https://other.contoso.com/cb")
        let identity = try #require(((object["targets"] as? [[String: Any]])?.first?["identity"] as? [String: Any])?["user"] as? [String: Any])
        #expect(identity["displayName"] as? String == "A \"quoted\" name")
        #expect(identity["tenantId"] as? String == "632899f8-2ea1-4604-8413-27bd2892079f")
        let expected = #"""
            {"targets":[{"@odata.type":"#microsoft.graph.invitationParticipantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","displayName":"A \"quoted\" name","id":"98da8a1a-1b87-452c-a713-65d3f10b1253","tenantId":"632899f8-2ea1-4604-8413-27bd2892079f"}}}],"timeout":30,"maskCallee":true,"maskCaller":false,"routingPolicies":["disableForwarding"],"callbackUri":"https://other.contoso.com/cb"}
            """#
        #expect(try canonicalJSON(full.jsonBytes()) == canonicalJSON(Array(expected.utf8)))
    }

    @Test("without any callback URI the member is omitted, so Graph uses the bot's global one")
    func noCallback() {
        let body = RedirectRequestBody.make(plan: RedirectPlan(targets: [RedirectTarget(kind: .phone, id: "+12345678901")]), call: GraphCall(id: "c1"))
        #expect(!String(decoding: body.jsonBytes(), as: UTF8.self).contains("callbackUri"))
    }
}
