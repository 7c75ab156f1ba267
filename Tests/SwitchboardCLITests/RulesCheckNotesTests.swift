import CallModel
import Testing

@testable import SwitchboardCLI
@testable import SwitchboardCLISupport

@Suite("rules check explains ignore")
struct RulesCheckNotesTests {
    @Test("ignore rules and an ignoring default are named, with what the caller hears")
    func ignoreIsExplained() throws {
        let rules = try RoutingRules.load(
            yaml: """
                rules:
                  - name: quiet
                    when: {regions: [emea]}
                    action: {ignore: {reason: not ours}}
                  - name: blocked
                    when: {regions: [apac]}
                    action: {reject: {reason: forbidden}}
                default:
                  ignore: {}
                """, apiVersion: .v1)
        let notes = RulesCheckCommand.notes(rules)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("ignore (quiet, default)") == true)
        #expect(notes.first?.contains("keeps hearing the call ring the bot until Graph gives up") == true)
    }

    @Test("a file without a default says what happens to unmatched calls; a rejecting default needs no note")
    func missingDefault() throws {
        let withoutDefault = try RoutingRules.load(
            yaml: "rules:\n  - name: r\n    when: {regions: [emea]}\n    action: {reject: {}}\n", apiVersion: .v1)
        #expect(RulesCheckCommand.notes(withoutDefault).map { $0.hasPrefix("note: no default") } == [true])
        let rejecting = try RoutingRules.load(yaml: "default: {reject: {reason: busy}}\n", apiVersion: .v1)
        #expect(RulesCheckCommand.notes(rejecting).isEmpty)
    }
}
