import ArgumentParser

/// `switchboard outcomes`: read what the workers published.
struct OutcomesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "Read the outcomes topic (one CloudEvent per call result).",
        subcommands: [OutcomesTailCommand.self]
    )
}
