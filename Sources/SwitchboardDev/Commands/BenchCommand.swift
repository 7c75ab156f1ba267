import ArgumentParser

/// `switchboard-dev bench`: micro- and system benchmarks that print figures.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark and print its figures (build with -c release for meaningful numbers).",
        subcommands: [BenchRouteCommand.self, BenchIngressCommand.self, BenchPipelineCommand.self]
    )
}
