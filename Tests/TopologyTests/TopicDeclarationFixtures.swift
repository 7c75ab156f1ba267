import Foundation
import Topology

/// The project's real declarations and small variations of them for the tests.
enum TopicDeclarationFixtures {
    /// The repository's `topics/` directory, found from this file's path.
    static var projectTopicsDirectory: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("topics")
            .path
    }

    /// A consistent catalog built in code, independent of the files.
    static func catalog(
        notificationsPartitions: Int = 12,
        outcomesPartitions: Int = 12,
        configs: [String: String] = ["retention.ms": "259200000", "cleanup.policy": "delete"]
    ) throws -> TopicCatalog {
        try TopicCatalog([
            TopicDeclaration(
                name: "calls.notifications",
                role: .notifications,
                partitions: notificationsPartitions,
                replicationFactor: 3,
                configs: configs
            ),
            TopicDeclaration(
                name: "calls.redirect-outcomes",
                role: .outcomes,
                partitions: outcomesPartitions,
                replicationFactor: 3,
                coPartitionedWith: "calls.notifications"
            ),
            TopicDeclaration(name: "calls.notifications.dlq", role: .deadLetters, partitions: 3, replicationFactor: 3),
        ])
    }

    /// A minimal valid declaration file for a role, with extra lines appended.
    static func yaml(name: String, role: String, partitions: Int = 12, extra: String = "") -> String {
        """
        name: \(name)
        role: \(role)
        partitions: \(partitions)
        replicationFactor: 3
        \(extra)
        """
    }

    /// Writes files into a fresh temporary directory and returns its path.
    static func directory(_ files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("topology-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, contents) in files {
            try contents.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory.path
    }

    /// The three valid files, which tests change one at a time.
    static var validFiles: [String: String] {
        [
            "notifications.yaml": yaml(name: "calls.notifications", role: "notifications"),
            "outcomes.yaml": yaml(name: "calls.redirect-outcomes", role: "outcomes", extra: "coPartitionedWith: calls.notifications"),
            "dlq.yaml": yaml(name: "calls.notifications.dlq", role: "dlq", partitions: 3),
        ]
    }
}
