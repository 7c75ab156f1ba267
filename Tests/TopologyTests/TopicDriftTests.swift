import Testing
import Topology

@Suite("Drift between declared and observed topics")
struct TopicDriftTests {
    private func observedAsDeclared(_ catalog: TopicCatalog, configs: Bool = true) -> [ObservedTopic] {
        catalog.declarations.map {
            ObservedTopic(
                name: $0.name,
                partitions: $0.partitions,
                replicationFactor: $0.replicationFactor,
                configs: configs ? $0.configs.merging(["segment.bytes": "1073741824"]) { declared, _ in declared } : nil
            )
        }
    }

    @Test("A cluster that matches the declarations has no drift, whatever else it configures")
    func clean() throws {
        let catalog = try TopicDeclarationFixtures.catalog()
        let report = catalog.drift(observed: observedAsDeclared(catalog))
        #expect(report.isClean)
        #expect(report.description == "no drift")
        #expect(catalog.missing(observed: observedAsDeclared(catalog)).isEmpty)
    }

    @Test("Missing topics are drift and are what apply creates")
    func missing() throws {
        let catalog = try TopicDeclarationFixtures.catalog()
        let observed = observedAsDeclared(catalog).filter { $0.name != "calls.redirect-outcomes" }
        let report = catalog.drift(observed: observed)
        #expect(report.findings == [.missing(topic: "calls.redirect-outcomes")])
        #expect(report.missingTopics == ["calls.redirect-outcomes"])
        #expect(catalog.missing(observed: observed).map(\.name) == ["calls.redirect-outcomes"])
        #expect(catalog.missing(observed: []).map(\.name) == catalog.declarations.map(\.name))
    }

    @Test("A partition count that changed on one side breaks co-partitioning")
    func partitionsAndCoPartitioning() throws {
        let catalog = try TopicDeclarationFixtures.catalog()
        var observed = observedAsDeclared(catalog)
        observed[0].partitions = 24
        let report = catalog.drift(observed: observed)
        #expect(
            report.findings == [
                .partitionCount(topic: "calls.notifications", declared: 12, observed: 24),
                .notCoPartitioned(
                    outcomes: "calls.redirect-outcomes",
                    outcomesPartitions: 12,
                    notifications: "calls.notifications",
                    notificationsPartitions: 24
                ),
            ]
        )
        #expect(report.description.contains("cannot decrease"))
        #expect(report.description.contains("rebuild"))
    }

    @Test("Replication factor and declared configs are compared; unknown configs are not")
    func replicationAndConfigs() throws {
        let catalog = try TopicDeclarationFixtures.catalog()
        var observed = observedAsDeclared(catalog)
        observed[2].replicationFactor = 1
        observed[0].configs?["retention.ms"] = "604800000"
        observed[0].configs?.removeValue(forKey: "cleanup.policy")
        let report = catalog.drift(observed: observed)
        #expect(
            report.findings == [
                .config(topic: "calls.notifications", name: "cleanup.policy", declared: "delete", observed: nil),
                .config(topic: "calls.notifications", name: "retention.ms", declared: "259200000", observed: "604800000"),
                .replicationFactor(topic: "calls.notifications.dlq", declared: 3, observed: 1),
            ]
        )
        #expect(report.description.contains("calls.notifications: cleanup.policy is not set"))
    }

    @Test("Without observable configs (the mock cluster) configs are reported as unchecked, not as drift")
    func configsNotObservable() throws {
        let catalog = try TopicDeclarationFixtures.catalog()
        let report = catalog.drift(observed: observedAsDeclared(catalog, configs: false))
        #expect(report.isClean)
        #expect(report.configsNotObserved == ["calls.notifications"])
        #expect(report.description.contains("configs not checked"))
    }

    @Test("The replication cap accepts the mock's min(3, brokers) replicas but not fewer")
    func replicationCap() throws {
        let catalog = try TopicDeclarationFixtures.catalog()
        let oneReplica = observedAsDeclared(catalog).map {
            ObservedTopic(name: $0.name, partitions: $0.partitions, replicationFactor: 1, configs: $0.configs)
        }
        #expect(catalog.drift(observed: oneReplica, options: DriftCheckOptions(maximumReplicationFactor: 1)).isClean)
        #expect(catalog.drift(observed: oneReplica).findings.count == 3)
        #expect(!catalog.drift(observed: oneReplica, options: DriftCheckOptions(maximumReplicationFactor: 3)).isClean)
    }
}
