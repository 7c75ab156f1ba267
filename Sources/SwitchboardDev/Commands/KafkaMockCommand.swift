import ArgumentParser
import Foundation
import Kafka
import Logging
import ServiceLifecycle
import SwitchboardCLISupport

/// `switchboard-dev kafka-mock`: an embedded Kafka cluster on 127.0.0.1 that separate processes can share.
struct KafkaMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka-mock",
        abstract: "Run an embedded Kafka cluster (librdkafka's mock brokers) on 127.0.0.1.",
        discussion: """
            Prints the bootstrap address (host:port,...) as the first line of standard output, then serves \
            until SIGINT or SIGTERM. Logs go to standard error. For tests and local runs only: no \
            persistence, no authentication, no admin API (topics come from --topic or are auto-created \
            with 4 partitions), and each partition keeps only about 5 MiB.
            """
    )

    @Option(name: ToolingSetting.mockBrokers.name, help: ToolingSetting.mockBrokers.help)
    var brokers: Int?

    @Option(name: ToolingSetting.mockTopics.name, help: ToolingSetting.mockTopics.help)
    var topics: [String] = []

    @Flag(name: ToolingSetting.mockControlStdin.name, help: ToolingSetting.mockControlStdin.help)
    var controlStdin = false

    func run() async throws {
        let environment = SettingsEnvironment.process
        let brokers = try environment.value(self.brokers, ToolingSetting.mockBrokers)
        guard brokers >= 1 else {
            throw ValidationError("--brokers must be at least 1, got \(brokers)")
        }
        let topics = try environment.list(self.topics, ToolingSetting.mockTopics).map {
            try MockTopic(parsing: $0, brokers: brokers)
        }
        let logger = Logger(label: "switchboard.kafka-mock", factory: { StreamLogHandler.standardError(label: $0) })

        let cluster = try KafkaMockCluster(brokers: brokers, logger: logger)
        for topic in topics {
            try cluster.createTopic(topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor)
        }
        // The first line of stdout is the contract with scripts and other processes: written unbuffered.
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        if try controlStdin || environment.value(nil, ToolingSetting.mockControlStdin) {
            KafkaMockControl(cluster: cluster).start()
        }
        logger.info(
            "Kafka mock cluster running",
            metadata: [
                "kafka.bootstrap_servers": "\(cluster.bootstrapServers)",
                "kafka.brokers": "\(brokers)",
                "kafka.topics": "\(topics.map(\.description))",
            ]
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [cluster],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        logger.info("Kafka mock cluster stopped")
    }
}

/// A `--topic NAME:PARTITIONS[:REPLICATION]` argument.
struct MockTopic: CustomStringConvertible {
    var name: String
    var partitions: Int
    var replicationFactor: Int

    init(parsing argument: String, brokers: Int) throws {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), !parts[0].isEmpty, let partitions = Int(parts[1]), partitions >= 1 else {
            throw ValidationError("--topic \(argument): expected NAME:PARTITIONS[:REPLICATION], e.g. calls.notifications:12")
        }
        let replication = parts.count == 3 ? Int(parts[2]) : min(3, brokers)
        guard let replication, (1...brokers).contains(replication) else {
            throw ValidationError("--topic \(argument): replication must be between 1 and the \(brokers) brokers")
        }
        self.name = parts[0]
        self.partitions = partitions
        self.replicationFactor = replication
    }

    var description: String { "\(name):\(partitions):\(replicationFactor)" }
}
