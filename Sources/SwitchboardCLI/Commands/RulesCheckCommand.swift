import ArgumentParser
import CallModel

/// `switchboard rules check FILE`: validate a rules file and list its rules.
struct RulesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a routing rules file: one line per rule and exit 0, or every problem and exit 1.",
        discussion: "Exit status: 0 valid, 1 the file has problems (all are listed), 2 the file cannot be read."
    )

    @Argument(help: "The rules file (YAML).")
    var file: String

    @OptionGroup var options: RulesOptions

    func run() throws {
        let apiVersion = try options.apiVersion(.process)
        let rules = try options.loadRules(path: file, apiVersion: apiVersion)
        for line in rules.summaryLines { print(line) }
        for line in Self.notes(rules) { print(line) }
        let count = rules.rules.count
        print("\(file): ok, \(count) \(count == 1 ? "rule" : "rules")\(rules.defaultAction == nil ? "" : " and a default") "
            + "(checked for Graph API \(apiVersion.rawValue))")
    }

    /// What the file's `ignore` actions (and a missing default) mean to a caller, so operators choose
    /// between `ignore` and `reject` knowingly.
    static func notes(_ rules: RoutingRules) -> [String] {
        var ignoring = rules.rules.filter { if case .ignore = $0.action { true } else { false } }.map(\.name)
        if case .ignore? = rules.defaultAction { ignoring.append("default") }
        var notes: [String] = []
        if !ignoring.isEmpty {
            notes.append(
                "note: ignore (" + ignoring.joined(separator: ", ") + ") sends nothing to Graph: the caller keeps hearing "
                    + "the call ring the bot until Graph gives up on it; use `reject: { reason: busy }` to refuse such calls at once")
        }
        if rules.defaultAction == nil {
            notes.append(
                "note: no default: a call no rule matches is not redirected and keeps ringing the bot until Graph gives up "
                    + "on it; add `default: { reject: { reason: none } }` or `default: { ignore: {} }` to say what happens")
        }
        return notes
    }
}
