import ArgumentParser
import Foundation
import Kafka
import Topology
import SwitchboardCLISupport

/// `switchboard topics check`: compares the declared topics with a cluster and exits non-zero on drift.
struct TopicsCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report drift between the declared topics and a Kafka cluster.",
        discussion: """
            Compares partition counts, replication factors, the declared configs (when the cluster reports \
            them) and the co-partitioning of the outcomes topic with the notifications topic. Works against \
            the embedded broker too (metadata only; its configs are reported as not checked). \
            Exit status: 0 no drift, 1 drift, 2 the cluster could not be checked.
            """
    )

    @OptionGroup var topics: TopicsDirectoryOptions
    @OptionGroup var cluster: TopicsClusterOptions

    func run() async throws {
        let environment = SettingsEnvironment.process
        let catalog = try topics.loadCatalog(environment: environment)
        let configuration = try cluster.kafka.clientConfiguration(clientID: "switchboard-topics", environment: environment)
        let timeout = try cluster.timeout(environment: environment)
        let logger = TopicsClusterOptions.logger
        let report: DriftReport
        do {
            let admin = try KafkaAdmin(configuration: configuration, logger: logger)
            defer { admin.shutdown() }
            report = try await catalog.check(against: AdminTopicCluster(admin: admin, timeout: timeout, logger: logger))
        } catch {
            FileHandle.standardError.write(Data("switchboard topics check: cannot read the cluster: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(report)
        if !report.isClean {
            throw ExitCode(1)
        }
    }
}
