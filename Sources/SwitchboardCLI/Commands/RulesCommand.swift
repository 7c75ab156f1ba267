import ArgumentParser

/// `switchboard rules`: check and explain routing rules files.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check a routing rules file, explain how it routes a notification, or replay recorded calls through a candidate file.",
        subcommands: [RulesCheckCommand.self, RulesExplainCommand.self, RulesReplayCommand.self]
    )
}
