import ArgumentParser
import SwitchboardCLISupport

/// `switchboard-dev`: the developer tooling, built beside `switchboard` but never shipped in its image.
@main
struct SwitchboardDevTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-dev",
        abstract: "Developer tooling for Switchboard: the whole system locally, the simulated Graph, embedded Kafka and benchmarks.",
        discussion: """
            The production commands (ingress, worker, topics, rules, outcomes) are in `switchboard`; \
            `bench pipeline --worker-process` starts the `switchboard` executable next to this one.
            """,
        version: SwitchboardVersion.current,
        subcommands: [
            DevCommand.self,
            SimulateCommand.self,
            KafkaMockCommand.self,
            BenchCommand.self,
        ]
    )
}
