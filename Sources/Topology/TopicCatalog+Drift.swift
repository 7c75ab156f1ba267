extension TopicCatalog {
    /// Compares the declarations with what a cluster reports. Pure: no I/O.
    ///
    /// Reports missing topics, partition counts, replication factors, declared configs (when the cluster reports
    /// configs; configs the declaration does not mention are the cluster's business), and whether the outcomes
    /// topic is co-partitioned with the notifications topic.
    /// - Parameters:
    ///   - observed: The topics the cluster reported; topics it does not have are simply absent.
    ///   - options: How strictly to compare; see ``DriftCheckOptions``.
    public func drift(observed: [ObservedTopic], options: DriftCheckOptions = DriftCheckOptions()) -> DriftReport {
        let observedByName = Dictionary(observed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [TopicDrift] = []
        var configsNotObserved: [String] = []
        for declaration in declarations {
            guard let topic = observedByName[declaration.name] else {
                findings.append(.missing(topic: declaration.name))
                continue
            }
            if topic.partitions != declaration.partitions {
                findings.append(.partitionCount(topic: declaration.name, declared: declaration.partitions, observed: topic.partitions))
            }
            let expectedReplicas = options.maximumReplicationFactor.map { min($0, declaration.replicationFactor) }
                ?? declaration.replicationFactor
            if topic.replicationFactor != expectedReplicas {
                findings.append(
                    .replicationFactor(topic: declaration.name, declared: expectedReplicas, observed: topic.replicationFactor)
                )
            }
            guard let configs = topic.configs else {
                if !declaration.configs.isEmpty {
                    configsNotObserved.append(declaration.name)
                }
                continue
            }
            for (name, declared) in declaration.configs.sorted(by: { $0.key < $1.key }) where configs[name] != declared {
                findings.append(.config(topic: declaration.name, name: name, declared: declared, observed: configs[name]))
            }
        }
        if let notifications = observedByName[self.notifications.name],
            let outcomes = observedByName[self.outcomes.name],
            notifications.partitions != outcomes.partitions
        {
            findings.append(
                .notCoPartitioned(
                    outcomes: outcomes.name,
                    outcomesPartitions: outcomes.partitions,
                    notifications: notifications.name,
                    notificationsPartitions: notifications.partitions
                )
            )
        }
        return DriftReport(findings: findings, configsNotObserved: configsNotObserved)
    }

    /// The declarations of the topics the cluster does not have yet, in declaration order.
    public func missing(observed: [ObservedTopic]) -> [TopicDeclaration] {
        let names = Set(observed.map(\.name))
        return declarations.filter { !names.contains($0.name) }
    }
}
