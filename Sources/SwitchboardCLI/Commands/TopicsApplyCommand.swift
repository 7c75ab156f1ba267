import ArgumentParser
import Foundation
import Kafka
import Topology
import SwitchboardCLISupport

/// `switchboard topics apply`: creates the declared topics a cluster does not have, then reports drift.
struct TopicsApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create the declared topics that are missing, then report drift.",
        discussion: """
            Uses the admin API (CreateTopics) on a real cluster. Existing topics are never altered: a \
            different partition count or config is reported as drift for a person to decide on. With \
            --embedded, starts the embedded broker (librdkafka's mock cluster, which has no admin API) in \
            this process, creates the topics with the mock's own call and reports, which checks that the \
            declarations can be created. Exit status: 0 applied without drift, 1 a topic could not be \
            created or drift remains, 2 the cluster could not be reached.
            """
    )

    @OptionGroup var topics: TopicsDirectoryOptions
    @OptionGroup var cluster: TopicsClusterOptions

    @Flag(name: .customLong("embedded"), help: "Apply to an embedded broker started in this process instead of a cluster.")
    var embedded = false

    @Option(name: ToolSetting.embeddedBrokers.name, help: ToolSetting.embeddedBrokers.help)
    var embeddedBrokers: Int?

    func run() async throws {
        let environment = SettingsEnvironment.process
        let catalog = try topics.loadCatalog(environment: environment)
        let timeout = try cluster.timeout(environment: environment)
        let logger = TopicsClusterOptions.logger
        let report: TopicApplyReport
        do {
            if embedded {
                let brokers = try environment.value(embeddedBrokers, ToolSetting.embeddedBrokers)
                guard brokers >= 1 else {
                    throw ValidationError("--embedded-brokers must be at least 1, got \(brokers)")
                }
                // The embedded broker stops with this process; its clients' disconnect warnings are noise here.
                var quiet = logger
                quiet.logLevel = .error
                let mock = try KafkaMockCluster(brokers: brokers, logger: quiet)
                defer { mock.shutdown() }
                report = try await catalog.apply(to: MockTopicCluster(mock: mock, timeout: timeout, logger: quiet))
            } else {
                let configuration = try cluster.kafka.clientConfiguration(clientID: "switchboard-topics", environment: environment)
                let admin = try KafkaAdmin(configuration: configuration, logger: logger)
                defer { admin.shutdown() }
                report = try await catalog.apply(to: AdminTopicCluster(admin: admin, timeout: timeout, logger: logger))
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("switchboard topics apply: cannot reach the cluster: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(report)
        if !report.isSuccessful {
            throw ExitCode(1)
        }
    }
}
