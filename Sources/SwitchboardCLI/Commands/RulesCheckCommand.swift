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
        let count = rules.rules.count
        print("\(file): ok, \(count) \(count == 1 ? "rule" : "rules")\(rules.defaultAction == nil ? "" : " and a default") "
            + "(checked for Graph API \(apiVersion.rawValue))")
    }
}
