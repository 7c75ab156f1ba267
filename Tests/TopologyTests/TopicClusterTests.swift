import Kafka
import Logging
import Testing
import Topology

@Suite("apply and check against the embedded broker")
struct TopicClusterTests {
    private let logger = Logger(label: "topology-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    private func projectCatalog() throws -> TopicCatalog {
        try TopicCatalog.load(directory: TopicDeclarationFixtures.projectTopicsDirectory)
    }

    @Test("apply creates every declared topic on the mock, and check then finds no drift")
    func applyCreatesEverything() async throws {
        let mock = try KafkaMockCluster(brokers: 3, logger: logger)
        defer { mock.shutdown() }
        let cluster = try MockTopicCluster(mock: mock, logger: logger)
        let catalog = try projectCatalog()

        let before = try await catalog.check(against: cluster)
        #expect(before.missingTopics == catalog.declarations.map(\.name))

        let report = try await catalog.apply(to: cluster)
        #expect(report.created == catalog.declarations.map(\.name))
        #expect(report.isSuccessful, "\(report)")
        #expect(report.drift.configsNotObserved == catalog.declarations.map(\.name), "the mock keeps no configs")

        let observed = try await cluster.observe(catalog.declarations.map(\.name))
        #expect(observed.first { $0.name == "calls.notifications" }?.partitions == 12)
        #expect(observed.first { $0.name == "calls.notifications" }?.replicationFactor == 3)
        #expect(observed.first { $0.name == "calls.notifications.dlq" }?.partitions == 3)

        let again = try await catalog.apply(to: cluster)
        #expect(again.creations.isEmpty, "an applied cluster needs nothing")
        #expect(again.isSuccessful)
        #expect(try await catalog.check(against: cluster).isClean)
    }

    @Test("a one-broker development mock gets one replica per partition and is not drift")
    func oneBroker() async throws {
        let mock = try KafkaMockCluster(brokers: 1, logger: logger)
        defer { mock.shutdown() }
        let cluster = try MockTopicCluster(mock: mock, logger: logger)
        let report = try await projectCatalog().apply(to: cluster)
        #expect(report.isSuccessful, "\(report)")
        let observed = try await cluster.observe(["calls.redirect-outcomes"])
        #expect(observed.map(\.replicationFactor) == [1])
    }

    @Test("an outcomes topic created with another partition count is reported and left alone")
    func existingTopicDrift() async throws {
        let mock = try KafkaMockCluster(brokers: 3, logger: logger)
        defer { mock.shutdown() }
        try mock.createTopic("calls.redirect-outcomes", partitions: 6, replicationFactor: 3)
        let cluster = try MockTopicCluster(mock: mock, logger: logger)

        let report = try await projectCatalog().apply(to: cluster)
        #expect(report.created == ["calls.notifications", "calls.notifications.dlq"])
        #expect(!report.isSuccessful)
        #expect(
            report.drift.findings == [
                .partitionCount(topic: "calls.redirect-outcomes", declared: 12, observed: 6),
                .notCoPartitioned(
                    outcomes: "calls.redirect-outcomes",
                    outcomesPartitions: 6,
                    notifications: "calls.notifications",
                    notificationsPartitions: 12
                ),
            ]
        )
        let observed = try await cluster.observe(["calls.redirect-outcomes"])
        #expect(observed.map(\.partitions) == [6], "apply never alters an existing topic")
    }

    @Test("the admin view reads metadata from the mock and reports configs it cannot read as not checked")
    func adminViewOnTheMock() async throws {
        let mock = try KafkaMockCluster(brokers: 3, logger: logger)
        defer { mock.shutdown() }
        let catalog = try projectCatalog()
        for declaration in catalog.declarations {
            try mock.createTopic(declaration.name, partitions: declaration.partitions, replicationFactor: 3)
        }
        let admin = try KafkaAdmin(
            configuration: KafkaClientConfiguration(bootstrapServers: mock.bootstrapServers),
            logger: logger
        )
        defer { admin.shutdown() }
        let report = try await catalog.check(against: AdminTopicCluster(admin: admin, timeout: .seconds(3), logger: logger))
        #expect(report.isClean, "\(report)")
        #expect(report.configsNotObserved == catalog.declarations.map(\.name))
    }
}
