import ArgumentParser

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Redirects incoming Microsoft Teams calls for a Graph calling bot, as a Kafka worker pipeline.",
        discussion: """
            Every setting is a flag and an environment variable (SWITCHBOARD_…); \
            secrets come only from an environment variable or a file.
            """,
        version: SwitchboardVersion.current,
        subcommands: [
            VersionCommand.self,
            KafkaMockCommand.self,
            RulesCommand.self,
            BenchCommand.self,
            IngressCommand.self,
            SimulateCommand.self,
            TopicsCommand.self,
            DevCommand.self,
            OutcomesCommand.self,
            WorkerCommand.self,
        ]
    )
}
