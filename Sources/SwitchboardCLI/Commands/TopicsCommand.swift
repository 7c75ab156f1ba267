import ArgumentParser

/// `switchboard topics`: create, check and render Switchboard's Kafka topics from the declarations in `topics/`.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create, check and render the Kafka topics declared in topics/.",
        discussion: """
            The declarations (one YAML file per topic: name, role, partitions, replication factor, configs) \
            are the single source of truth: `apply` creates missing topics, `check` reports drift and exits \
            non-zero, `render --strimzi` prints Strimzi KafkaTopic manifests.
            """,
        subcommands: [
            TopicsApplyCommand.self,
            TopicsCheckCommand.self,
            TopicsRenderCommand.self,
        ]
    )
}
