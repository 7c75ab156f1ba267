import ArgumentParser

/// `switchboard rules`: check and explain routing rules files.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check a routing rules file, or explain how it routes a notification.",
        subcommands: [RulesCheckCommand.self, RulesExplainCommand.self]
    )
}
