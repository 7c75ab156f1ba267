import ArgumentParser
import SwitchboardCLISupport

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Redirects incoming Microsoft Teams calls for a Graph calling bot, as a Kafka worker pipeline.",
        discussion: """
            Every setting is a flag and an environment variable (SWITCHBOARD_…); \
            secrets come only from an environment variable or a file. \
            Developer tooling (dev, simulate, kafka-mock, bench) is the separate `switchboard-dev` executable.
            """,
        version: SwitchboardVersion.current,
        subcommands: [
            VersionCommand.self,
            RulesCommand.self,
            IngressCommand.self,
            TopicsCommand.self,
            OutcomesCommand.self,
            WorkerCommand.self,
        ]
    )
}
