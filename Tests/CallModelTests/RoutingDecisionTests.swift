import CallModel
import Foundation
import Testing

/// A caller, for building calls in tests.
func call(
    caller: IdentitySet? = nil,
    region: String? = nil,
    countryCode: String? = nil,
    tenantID: String? = "632899f8-2ea1-4604-8413-27bd2892079f",
    targets: [IdentitySet] = []
) -> GraphCall {
    GraphCall(
        id: "491f0b00-ffff-4bc9-a43e-b226498ec22a",
        state: .incoming,
        source: ParticipantInfo(identity: caller, region: region, countryCode: countryCode),
        targets: targets.map { InvitationParticipantInfo(identity: $0) },
        tenantID: tenantID,
        callbackURI: "https://bot.contoso.com/api/calls/24701998-1a73-4d42-8085-bf46ed0ae039"
    )
}

let phoneCaller = IdentitySet(.phone, Identity(id: "+14255550100"))
let userCaller = IdentitySet(.user, Identity(id: "8d1e6ab6-26c5-4e22-a1bc-06ea7343958e", tenantID: "632899f8-2ea1-4604-8413-27bd2892079f"))
let encryptedCaller = IdentitySet(.encrypted, Identity(id: "1xt4uextl99sdzwdxuvdxrvgrv8gehcq7jdgf9yhzeto"))

/// A condition (flow mapping of `when`), a call and whether the rule must match.
struct ConditionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var when: String
    var call: GraphCall
    var matches: Bool
    var testDescription: String { name }
}

let conditionCases: [ConditionCase] = [
    .init(name: "caller user id", when: "{callerUserIds: [8D1E6AB6-26C5-4E22-A1BC-06EA7343958E]}", call: call(caller: userCaller), matches: true),
    .init(name: "other caller user id", when: "{callerUserIds: [ec040873-8235-45fd-a403-c7259a5a548e]}", call: call(caller: userCaller), matches: false),
    .init(name: "caller tenant", when: "{callerTenantIds: [632899f8-2ea1-4604-8413-27bd2892079f]}", call: call(caller: userCaller), matches: true),
    .init(name: "exact phone", when: "{callerPhone: {exact: \"+14255550100\"}}", call: call(caller: phoneCaller), matches: true),
    .init(name: "phone prefix", when: "{callerPhone: {prefix: [\"+1206\", \"+1425\"]}}", call: call(caller: phoneCaller), matches: true),
    .init(name: "other phone prefix", when: "{callerPhone: {prefix: \"+44\"}}", call: call(caller: phoneCaller), matches: false),
    .init(name: "phone in list", when: "{callerPhone: {in: [\"+14255550199\", \"+14255550100\"]}}", call: call(caller: phoneCaller), matches: true),
    .init(name: "phone sent as tel: URI with dashes", when: "{callerPhone: {exact: \"+14255550100\"}}",
          call: call(caller: IdentitySet(.phone, Identity(id: "tel:+1-425-555-0100"))), matches: true),
    .init(name: "phone condition on a user caller", when: "{callerPhone: {prefix: \"+1\"}}", call: call(caller: userCaller), matches: false),
    .init(name: "encrypted caller never matches a user id", when: "{callerUserIds: [8d1e6ab6-26c5-4e22-a1bc-06ea7343958e]}",
          call: call(caller: IdentitySet(entries: encryptedCaller.entries + userCaller.entries)), matches: false),
    .init(name: "encrypted caller never matches a tenant", when: "{callerTenantIds: [632899f8-2ea1-4604-8413-27bd2892079f]}",
          call: call(caller: encryptedCaller), matches: false),
    .init(name: "encrypted caller never matches a phone",
          when: "{callerPhone: {prefix: \"+1\"}}", call: call(caller: IdentitySet(entries: encryptedCaller.entries + phoneCaller.entries)),
          matches: false),
    .init(name: "encrypted caller kind", when: "{callerKinds: [encrypted]}", call: call(caller: encryptedCaller), matches: true),
    .init(name: "phone caller kind", when: "{callerKinds: [user, phone]}", call: call(caller: phoneCaller), matches: true),
    .init(name: "guest is not user", when: "{callerKinds: [user]}", call: call(caller: IdentitySet(.guest, Identity(displayName: "Guest"))), matches: false),
    .init(name: "no caller identity", when: "{callerKinds: [user]}", call: call(), matches: false),
    .init(name: "called application", when: "{calledApplicationIds: [24701998-1a73-4d42-8085-bf46ed0ae039]}",
          call: call(targets: [IdentitySet(.application, Identity(id: "24701998-1a73-4d42-8085-bf46ed0ae039"))]), matches: true),
    .init(name: "called application instance is not an application", when: "{calledApplicationIds: [7629bdce-046c-4903-86b4-a8f718277e1a]}",
          call: call(targets: [IdentitySet(.applicationInstance, Identity(id: "7629bdce-046c-4903-86b4-a8f718277e1a"))]), matches: false),
    .init(name: "called application instance", when: "{calledApplicationInstanceIds: [7629bdce-046c-4903-86b4-a8f718277e1a]}",
          call: call(targets: [IdentitySet(.applicationInstance, Identity(id: "7629bdce-046c-4903-86b4-a8f718277e1a"))]), matches: true),
    .init(name: "call tenant", when: "{tenantIds: [632899f8-2ea1-4604-8413-27bd2892079f]}", call: call(), matches: true),
    .init(name: "other call tenant", when: "{tenantIds: [00000000-0000-0000-0000-000000000001]}", call: call(), matches: false),
    .init(name: "region ignores case", when: "{regions: [AMER, emea]}", call: call(region: "amer"), matches: true),
    .init(name: "missing region", when: "{regions: [amer]}", call: call(), matches: false),
    .init(name: "country code ignores case", when: "{countryCodes: [us]}", call: call(countryCode: "US"), matches: true),
    .init(name: "every condition must hold", when: "{regions: [amer], countryCodes: [DE]}", call: call(region: "amer", countryCode: "US"),
          matches: false),
]

@Suite("Routing decisions")
struct RoutingDecisionTests {
    static let exampleRules = Result { try RoutingRules.load(yaml: Fixtures.exampleRulesYAML(), apiVersion: .beta) }

    @Test("each condition matches the calls it should and no others", arguments: conditionCases)
    func condition(_ testCase: ConditionCase) throws {
        let yaml = "rules:\n  - name: only\n    when: \(testCase.when)\n    action: {ignore: {reason: matched}}\n"
        let decision = try RoutingRules.load(yaml: yaml, apiVersion: .v1).decide(for: testCase.call, at: Date(timeIntervalSince1970: 0))
        #expect((decision.action == .ignore(reason: "matched")) == testCase.matches, "\(decision.explanation)")
        #expect((decision.action == .noMatch) == !testCase.matches)
    }

    @Test("the example file routes each seed call to its rule", arguments: [
        (1, "2025-06-03T14:00:00Z", "front-desk"),
        (1, "2025-06-07T14:00:00Z", "after-hours"),  // Saturday
        (1, "2025-06-03T23:00:00Z", "after-hours"),  // Tuesday 19:00 in New York
        (1, "2025-12-25T15:00:00Z", "after-hours"),  // a holiday
        (2, "2025-06-07T14:00:00Z", "escalations-simulring"),
        (3, "2025-06-07T14:00:00Z", "pstn-line"),
    ])
    func exampleRouting(example: Int, at instant: String, rule: String) throws {
        let call = try #require(try NotificationParser.parse(Fixtures.seed(example).incomingNotification).value.first?.resourceData)
        let decision = try Self.exampleRules.get().decide(for: call, at: try Fixtures.instant(instant))
        #expect(decision.rule?.name == rule, "\(decision.explanation)")
    }

    @Test("the explanation says which conditions matched")
    func matchedExplanation() throws {
        let call = try #require(try NotificationParser.parse(Fixtures.seed(1).incomingNotification).value.first?.resourceData)
        let rules = try Self.exampleRules.get()
        let business = rules.decide(for: call, at: try Fixtures.instant("2025-06-03T14:00:00Z"))
        #expect(business.rule == RuleReference(name: "front-desk", index: 5))
        #expect(business.explanation
            == "rules[5] (front-desk) matched: called application 24701998-1a73-4d42-8085-bf46ed0ae039 is in calledApplicationIds")
        let holiday = rules.decide(for: call, at: try Fixtures.instant("2025-12-25T15:00:00Z"))
        #expect(holiday.explanation == "rules[4] (after-hours) matched: called application 24701998-1a73-4d42-8085-bf46ed0ae039 "
            + "is in calledApplicationIds; thu 2025-12-25 10:00 America/New_York is outside mon-fri 08:00-18:00 "
            + "(holiday 2025-12-25) (rule wants outside)")
    }

    @Test("an encrypted caller skips caller-id rules and the explanation says why")
    func encryptedCallerExplanation() throws {
        let yaml = """
            rules:
              - name: known-caller
                when: {callerUserIds: [8d1e6ab6-26c5-4e22-a1bc-06ea7343958e]}
                action: {ignore: {}}
            default:
              redirect:
                targets: [{phone: "+12345678901"}]
            """
        let call = try #require(try NotificationParser.parse(Fixtures.bytes("encrypted-caller-incoming-notification.json")).value.first?.resourceData)
        let decision = try RoutingRules.load(yaml: yaml, apiVersion: .v1).decide(for: call, at: Date(timeIntervalSince1970: 0))
        #expect(decision.rule == .default)
        #expect(decision.redirectPlan?.targets == [RedirectTarget(kind: .phone, id: "+12345678901")])
        #expect(decision.explanation == "no rule matched, the default applies (rules[0] (known-caller): "
            + "the caller is encrypted, so callerUserIds cannot match)")
    }

    @Test("without a default an unmatched call is noMatch, with each rule's reason")
    func noMatch() throws {
        let yaml = """
            rules:
              - name: emea
                when: {regions: [emea]}
                action: {ignore: {}}
              - name: phones
                when: {callerKinds: [phone]}
                action: {ignore: {}}
            """
        let decision = try RoutingRules.load(yaml: yaml, apiVersion: .v1).decide(for: call(caller: userCaller, region: "amer"), at: Date())
        #expect(decision.rule == nil)
        #expect(decision.action == .noMatch)
        #expect(decision.explanation == "no rule matched and there is no default (rules[0] (emea): caller region amer is not in regions; "
            + "rules[1] (phones): caller kind user is not in callerKinds)")
    }

    @Test("the first matching rule wins")
    func firstMatchWins() throws {
        let yaml = """
            rules:
              - name: first
                when: {regions: [amer]}
                action: {ignore: {reason: first}}
              - name: second
                when: {callerKinds: [user]}
                action: {ignore: {reason: second}}
            """
        let decision = try RoutingRules.load(yaml: yaml, apiVersion: .v1).decide(for: call(caller: userCaller, region: "amer"), at: Date())
        #expect(decision.action == .ignore(reason: "first"))
        #expect(decision.rule == RuleReference(name: "first", index: 0))
    }
}
