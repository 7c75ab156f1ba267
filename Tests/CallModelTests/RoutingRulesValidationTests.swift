import CallModel
import Foundation
import Testing

/// A rules file with one mistake and the issue it must produce.
struct InvalidRulesCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var apiVersion: GraphAPIVersion = .beta
    var code: RoutingRuleIssue.Code
    var path: String
    var messageContains: String

    var testDescription: String { name }
}

/// One rule named `r` whose redirect has `options` (YAML lines at redirect level).
func redirectRule(targets: String = "          - phone: \"+12345678901\"", options: String = "") -> String {
    """
    rules:
      - name: r
        action:
          redirect:
            targets:
    \(targets)
    \(options)
    """
}

/// One rule named `r` with a `when` block (YAML lines at `when` level).
func conditionRule(_ when: String) -> String {
    """
    rules:
      - name: r
        when:
    \(when)
        action:
          ignore: {}
    """
}

func phoneTargets(_ count: Int) -> String {
    (0..<count).map { "          - phone: \"+1425555\(String(format: "%04d", $0))\"" }.joined(separator: "\n")
}

let invalidRulesCases: [InvalidRulesCase] = [
    .init(name: "26 targets", yaml: redirectRule(targets: phoneTargets(26)), code: .targetCount,
          path: "rules[0] (r).action.redirect.targets", messageContains: "has 26 targets; Graph rings at most 25 at once"),
    .init(name: "no targets", yaml: redirectRule(targets: "          []"), code: .targetCount,
          path: "rules[0] (r).action.redirect.targets", messageContains: "is empty"),
    .init(name: "timeout below 15", yaml: redirectRule(options: "        timeout: 14"), code: .outOfRange,
          path: "rules[0] (r).action.redirect.timeout", messageContains: "14 is outside 15...90 seconds"),
    .init(name: "timeout above 90", yaml: redirectRule(options: "        timeout: 91"), code: .outOfRange,
          path: "rules[0] (r).action.redirect.timeout", messageContains: "91 is outside 15...90 seconds"),
    .init(name: "timeout not a number", yaml: redirectRule(options: "        timeout: soon"), code: .wrongType,
          path: "rules[0] (r).action.redirect.timeout", messageContains: "\"soon\" is not a whole number"),
    .init(name: "phone with spaces", yaml: redirectRule(targets: "          - phone: \"+1 425 555 0100\""),
          code: .invalidPhoneNumber, path: "rules[0] (r).action.redirect.targets[0].phone",
          messageContains: "\"+1 425 555 0100\" is not an E.164 phone number"),
    .init(name: "phone without plus", yaml: redirectRule(targets: "          - phone: \"14255550100\""),
          code: .invalidPhoneNumber, path: "rules[0] (r).action.redirect.targets[0].phone", messageContains: "E.164"),
    .init(name: "http callback", yaml: redirectRule(options: "        callbackUri: http://bot.contoso.com/api/calls"),
          code: .insecureCallbackURI, path: "rules[0] (r).action.redirect.callbackUri",
          messageContains: "is not an absolute https URL"),
    .init(name: "relative callback", yaml: redirectRule(options: "        callbackUri: /api/calls"),
          code: .insecureCallbackURI, path: "rules[0] (r).action.redirect.callbackUri", messageContains: "https"),
    .init(name: "misspelled field", yaml: redirectRule(options: "        tmeout: 20"), code: .unknownField,
          path: "rules[0] (r).action.redirect.tmeout", messageContains: "unknown field `tmeout`; did you mean `timeout`?"),
    .init(name: "deprecated targetDisposition", yaml: redirectRule(options: "        targetDisposition: simultaneousRing"),
          code: .unknownField, path: "rules[0] (r).action.redirect.targetDisposition",
          messageContains: "Graph infers forward or simultaneous ring from the number of targets"),
    .init(name: "maskCallee with v1.0", yaml: redirectRule(options: "        maskCallee: true"), apiVersion: .v1,
          code: .betaOnly, path: "rules[0] (r).action.redirect.maskCallee", messageContains: "maskCallee is only accepted by Graph beta"),
    .init(name: "maskCaller with v1.0", yaml: redirectRule(options: "        maskCaller: false"), apiVersion: .v1,
          code: .betaOnly, path: "rules[0] (r).action.redirect.maskCaller", messageContains: "maskCaller is only accepted by Graph beta"),
    .init(name: "routingPolicies with v1.0", yaml: redirectRule(options: "        routingPolicies: [disableForwarding]"),
          apiVersion: .v1, code: .betaOnly, path: "rules[0] (r).action.redirect.routingPolicies",
          messageContains: "routingPolicies is only accepted by Graph beta"),
    .init(name: "unknown routing policy", yaml: redirectRule(options: "        routingPolicies: [noForwarding]"),
          code: .invalidValue, path: "rules[0] (r).action.redirect.routingPolicies[0]",
          messageContains: "\"noForwarding\" is not a Graph routing policy"),
    .init(name: "mask flag that is not a boolean", yaml: redirectRule(options: "        maskCaller: sometimes"),
          code: .wrongType, path: "rules[0] (r).action.redirect.maskCaller", messageContains: "is not true or false"),
    .init(name: "target with two kinds",
          yaml: redirectRule(targets: "          - phone: \"+12345678901\"\n            user: 98da8a1a-1b87-452c-a713-65d3f10b1253"),
          code: .conflictingFields, path: "rules[0] (r).action.redirect.targets[0]", messageContains: "exactly one of"),
    .init(name: "user target without a GUID", yaml: redirectRule(targets: "          - user: {id: alice@contoso.com}"),
          code: .invalidValue, path: "rules[0] (r).action.redirect.targets[0].user.id", messageContains: "is not a GUID"),
    .init(name: "repeated target",
          yaml: redirectRule(targets: "          - phone: \"+12345678901\"\n          - phone: \"+12345678901\""),
          code: .invalidValue, path: "rules[0] (r).action.redirect.targets[1]", messageContains: "repeats"),
    .init(name: "unknown time zone",
          yaml: conditionRule("      schedule: {timeZone: Europe/Berln, hours: \"08:00-18:00\"}"),
          code: .unknownTimeZone, path: "rules[0] (r).when.schedule.timeZone", messageContains: "did you mean Europe/Berlin?"),
    .init(name: "time zone abbreviation", yaml: conditionRule("      schedule: {timeZone: CET}"),
          code: .unknownTimeZone, path: "rules[0] (r).when.schedule.timeZone", messageContains: "is not an IANA time zone name"),
    .init(name: "schedule without a time zone", yaml: conditionRule("      schedule: {hours: \"08:00-18:00\"}"),
          code: .missingField, path: "rules[0] (r).when.schedule.timeZone", messageContains: "a schedule needs a timeZone"),
    .init(name: "malformed hours", yaml: conditionRule("      schedule: {timeZone: UTC, hours: \"8-18\"}"),
          code: .invalidHours, path: "rules[0] (r).when.schedule.hours", messageContains: "\"8-18\" is not HH:MM-HH:MM"),
    .init(name: "hours past midnight", yaml: conditionRule("      schedule: {timeZone: UTC, hours: [\"08:00-18:00\", \"18:00-24:30\"]}"),
          code: .invalidHours, path: "rules[0] (r).when.schedule.hours[1]", messageContains: "\"18:00-24:30\""),
    .init(name: "empty window", yaml: conditionRule("      schedule: {timeZone: UTC, hours: \"08:00-08:00\"}"),
          code: .invalidHours, path: "rules[0] (r).when.schedule.hours", messageContains: "00:00-24:00 is the whole day"),
    .init(name: "unknown weekday", yaml: conditionRule("      schedule: {timeZone: UTC, weekdays: [mon-fry]}"),
          code: .invalidValue, path: "rules[0] (r).when.schedule.weekdays[0]", messageContains: "\"mon-fry\" is not a weekday"),
    .init(name: "impossible holiday", yaml: "holidays: [2025-02-30]\n" + conditionRule("      regions: [amer]"),
          code: .invalidDate, path: "holidays[0]", messageContains: "\"2025-02-30\" is not a date"),
    .init(name: "reversed holiday range",
          yaml: conditionRule("      schedule: {timeZone: UTC, holidays: [2025-12-26..2025-12-24]}"),
          code: .invalidDate, path: "rules[0] (r).when.schedule.holidays[0]", messageContains: "first day first"),
    .init(name: "unknown caller kind", yaml: conditionRule("      callerKinds: [anonymous]"), code: .invalidValue,
          path: "rules[0] (r).when.callerKinds[0]", messageContains: "\"anonymous\" is not an identity kind"),
    .init(name: "caller user id that is not a GUID", yaml: conditionRule("      callerUserIds: [alice]"),
          code: .invalidValue, path: "rules[0] (r).when.callerUserIds[0]", messageContains: "\"alice\" is not a GUID"),
    .init(name: "caller phone prefix with spaces", yaml: conditionRule("      callerPhone: {prefix: \"+1 425\"}"),
          code: .invalidPhoneNumber, path: "rules[0] (r).when.callerPhone.prefix", messageContains: "is not an E.164 prefix"),
    .init(name: "caller phone with two matchers",
          yaml: conditionRule("      callerPhone: {exact: \"+14255550100\", prefix: \"+1425\"}"),
          code: .conflictingFields, path: "rules[0] (r).when.callerPhone", messageContains: "exactly one of"),
    .init(name: "country code of three letters", yaml: conditionRule("      countryCodes: [USA]"), code: .invalidValue,
          path: "rules[0] (r).when.countryCodes[0]", messageContains: "ISO 3166-1 alpha-2"),
    .init(name: "empty condition list", yaml: conditionRule("      regions: []"), code: .invalidValue,
          path: "rules[0] (r).when.regions", messageContains: "is an empty list"),
    .init(name: "unknown condition", yaml: conditionRule("      callerUserIDs: [98da8a1a-1b87-452c-a713-65d3f10b1253]"),
          code: .unknownField, path: "rules[0] (r).when.callerUserIDs", messageContains: "did you mean `callerUserIds`?"),
    .init(name: "redirect and ignore together",
          yaml: "rules:\n  - name: r\n    action:\n      ignore: {}\n      redirect: {targets: [{phone: \"+12345678901\"}]}",
          code: .conflictingFields, path: "rules[0] (r).action", messageContains: "has both `redirect` and `ignore`"),
    .init(name: "redirect and reject together",
          yaml: "rules:\n  - name: r\n    action:\n      reject: {reason: busy}\n      redirect: {targets: [{phone: \"+12345678901\"}]}",
          code: .conflictingFields, path: "rules[0] (r).action", messageContains: "has both `redirect` and `reject`"),
    .init(name: "reject with a reason Graph does not have", yaml: "rules:\n  - name: r\n    action: {reject: {reason: rude}}",
          code: .invalidValue, path: "rules[0] (r).action.reject.reason", messageContains: "use one of none, busy, forbidden"),
    .init(name: "reject with an unknown key", yaml: "rules:\n  - name: r\n    action: {reject: {reasn: busy}}",
          code: .unknownField, path: "rules[0] (r).action.reject.reasn", messageContains: "did you mean `reason`?"),
    .init(name: "rule without action", yaml: "rules:\n  - name: r\n    when: {regions: [amer]}", code: .missingField,
          path: "rules[0] (r).action", messageContains: "every rule needs an action"),
    .init(name: "rule without name", yaml: "rules:\n  - action: {ignore: {}}", code: .missingField,
          path: "rules[0].name", messageContains: "every rule needs a name"),
    .init(name: "rule name with spaces", yaml: "rules:\n  - name: vip callers\n    action: {ignore: {}}",
          code: .invalidValue, path: "rules[0].name", messageContains: "is not a valid rule name"),
    .init(name: "duplicate rule names",
          yaml: "rules:\n  - name: r\n    when: {regions: [amer]}\n    action: {ignore: {}}\n  - name: R\n    action: {ignore: {}}",
          code: .duplicateName, path: "rules[1] (R)", messageContains: "already used by rules[0]"),
    .init(name: "rule after a catch-all",
          yaml: "rules:\n  - name: all\n    action: {ignore: {}}\n  - name: later\n    action: {ignore: {}}",
          code: .unreachableRule, path: "rules[1] (later)", messageContains: "rules[0] (all) has no conditions"),
    .init(name: "default after a catch-all",
          yaml: "rules:\n  - name: all\n    action: {ignore: {}}\ndefault: {ignore: {}}",
          code: .unreachableRule, path: "default", messageContains: "never applies"),
    .init(name: "unknown top-level key", yaml: "rule: []\ndefault: {ignore: {}}", code: .unknownField,
          path: "rule", messageContains: "did you mean `rules`?"),
    .init(name: "rules is a mapping", yaml: "rules: {name: r}", code: .wrongType, path: "rules",
          messageContains: "is a mapping, expected a list"),
    .init(name: "top level is a list", yaml: "- name: r", code: .wrongType, path: "", messageContains: "expected a mapping"),
    .init(name: "empty file", yaml: "", code: .missingField, path: "", messageContains: "the file is empty"),
    .init(name: "neither rules nor default", yaml: "timeZone: UTC", code: .missingField, path: "",
          messageContains: "no `rules` and no `default`"),
    .init(name: "invalid YAML", yaml: "rules:\n  - name: r\n   action: [", code: .invalidYAML, path: "",
          messageContains: "not valid YAML"),
    .init(name: "duplicate YAML key", yaml: "rules: []\nrules: []", code: .invalidYAML, path: "", messageContains: "duplicate key rules"),
]

@Suite("Validating routing rules")
struct RoutingRulesValidationTests {
    @Test("each mistake is reported with its code and path", arguments: invalidRulesCases)
    func invalid(_ testCase: InvalidRulesCase) throws {
        let error = try #require(throws: RoutingRulesError.self) {
            try RoutingRules.load(yaml: testCase.yaml, apiVersion: testCase.apiVersion)
        }
        let issue = try #require(error.issues.first { $0.code == testCase.code && $0.path == testCase.path },
                                 "got \(error.issues)")
        #expect(issue.message.contains(testCase.messageContains), "message: \(issue.message)")
    }

    @Test("25 targets, the simultaneous ring maximum, are accepted")
    func twentyFiveTargets() throws {
        let rules = try RoutingRules.load(yaml: redirectRule(targets: phoneTargets(25)), apiVersion: .v1)
        #expect(rules.rules.first?.action == .redirect(RedirectPlan(targets: (0..<25).map {
            RedirectTarget(kind: .phone, id: "+1425555" + String(format: "%04d", $0))
        })))
    }

    @Test("timeouts at both ends of 15...90 are accepted", arguments: [15, 90])
    func timeoutBounds(_ timeout: Int) throws {
        let rules = try RoutingRules.load(yaml: redirectRule(options: "        timeout: \(timeout)"), apiVersion: .v1)
        #expect(rules.rules.first?.action == .redirect(RedirectPlan(
            targets: [RedirectTarget(kind: .phone, id: "+12345678901")], timeout: timeout)))
    }

    @Test("mask flags and routing policies load with beta")
    func betaFields() throws {
        let yaml = redirectRule(options: "        maskCallee: true\n        maskCaller: false\n        routingPolicies: [disableForwarding]")
        let plan = try #require(try RoutingRules.load(yaml: yaml, apiVersion: .beta).rules.first?.action)
        #expect(plan == .redirect(RedirectPlan(
            targets: [RedirectTarget(kind: .phone, id: "+12345678901")],
            maskCallee: true, maskCaller: false, routingPolicies: ["disableForwarding"])))
    }

    @Test("every problem in a file is reported at once, with rule names and lines")
    func collectsAll() throws {
        let yaml = """
            timeZone: Mars/Olympus
            rules:
              - name: vip-callers
                when:
                  callerUserIds: [not-a-guid]
                action:
                  redirect:
                    targets:
                      - phone: "+1 (425) 555-0100"
                    timeout: 120
                    maskCallee: true
                    callbackUri: http://bot.contoso.com
              - name: after-hours
                when:
                  schedule: {hours: "18:00-8:00", outside: true}
                action:
                  ignore: {reson: closed}
            """
        let error = try #require(throws: RoutingRulesError.self) { try RoutingRules.load(yaml: yaml, apiVersion: .v1) }
        let found = error.issues.map { "\($0.line ?? 0) \($0.code.rawValue) \($0.path)" }
        #expect(found == [
            "1 unknownTimeZone timeZone",
            "5 invalidValue rules[0] (vip-callers).when.callerUserIds[0]",
            "9 invalidPhoneNumber rules[0] (vip-callers).action.redirect.targets[0].phone",
            "10 outOfRange rules[0] (vip-callers).action.redirect.timeout",
            "11 betaOnly rules[0] (vip-callers).action.redirect.maskCallee",
            "12 insecureCallbackURI rules[0] (vip-callers).action.redirect.callbackUri",
            "15 invalidHours rules[1] (after-hours).when.schedule.hours",
            "17 unknownField rules[1] (after-hours).action.ignore.reson",
        ])
        #expect(error.description.hasPrefix("the rules file has 8 problems:\n  line 1: timeZone: "))
    }

    @Test("the example rules file loads for beta and lists one line per rule")
    func exampleFile() throws {
        let rules = try RoutingRules.load(yaml: Fixtures.exampleRulesYAML(), apiVersion: .beta)
        #expect(rules.rules.map(\.name) == [
            "blocked-callers", "maintenance-window", "pstn-line", "escalations-simulring", "after-hours", "front-desk",
        ])
        #expect(rules.rules[0].action == .reject(.forbidden))
        #expect(rules.rules[1].action == .reject(.busy))
        #expect(rules.defaultAction == .ignore(reason: "no rule for this call"))
        #expect(rules.summaryLines.count == 7)
        #expect(rules.summaryLines[2] == "rules[2] pstn-line: when calledApplicationInstanceIds [7629bdce-046c-4903-86b4-a8f718277e1a] → redirect to phone +12345678901")
    }

    @Test("the example rules file is refused for v1.0, naming the beta-only fields")
    func exampleFileOnV1() throws {
        let error = try #require(throws: RoutingRulesError.self) {
            try RoutingRules.load(yaml: Fixtures.exampleRulesYAML(), apiVersion: .v1)
        }
        #expect(error.issues.map(\.path) == [
            "rules[3] (escalations-simulring).action.redirect.routingPolicies",
            "rules[4] (after-hours).action.redirect.maskCallee",
        ])
        #expect(error.issues.allSatisfy { $0.code == .betaOnly })
    }
}
