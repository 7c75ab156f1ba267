extension TopicCatalog {
    /// Compares the declarations with a cluster.
    ///
    /// - Throws: The cluster's error when it cannot be reached.
    public func check(against cluster: some TopicCluster) async throws -> DriftReport {
        drift(observed: try await cluster.observe(declarations.map(\.name)), options: cluster.driftCheckOptions)
    }

    /// Creates the declared topics the cluster does not have, then compares the declarations with the cluster.
    ///
    /// Existing topics are never altered: a partition count or config that differs is reported as drift for a
    /// person to decide on (increasing partitions remaps call ids; decreasing them is impossible).
    /// - Parameters:
    ///   - cluster: Where to create the topics.
    ///   - settleTimeout: How long to wait for created topics to appear in metadata; default 10 seconds.
    /// - Throws: The cluster's error when it cannot be reached.
    public func apply(to cluster: some TopicCluster, settleTimeout: Duration = .seconds(10)) async throws -> TopicApplyReport {
        let names = declarations.map(\.name)
        let missing = missing(observed: try await cluster.observe(names))
        let creations = try await cluster.create(missing)
        let created = Set(creations.filter { if case .created = $0 { true } else { false } }.map(\.topic))
        var observed = try await cluster.observe(names)
        let deadline = ContinuousClock.now + settleTimeout
        // Metadata lags CreateTopics; wait (bounded) until every created topic shows all its partitions.
        while !isSettled(created: created, observed: observed), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            observed = try await cluster.observe(names)
        }
        return TopicApplyReport(creations: creations, drift: drift(observed: observed, options: cluster.driftCheckOptions))
    }

    private func isSettled(created: Set<String>, observed: [ObservedTopic]) -> Bool {
        created.allSatisfy { name in
            guard let declaration = declaration(named: name) else { return true }
            return observed.contains { $0.name == name && $0.partitions == declaration.partitions }
        }
    }
}
