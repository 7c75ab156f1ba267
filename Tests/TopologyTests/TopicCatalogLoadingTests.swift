import Foundation
import Testing
import Topology

@Suite("Loading topic declarations")
struct TopicCatalogLoadingTests {
    @Test("The project's declarations load, co-partitioned, with the documented configs")
    func projectDeclarations() throws {
        let catalog = try TopicCatalog.load(directory: TopicDeclarationFixtures.projectTopicsDirectory)
        #expect(catalog.declarations.map(\.name) == ["calls.notifications", "calls.redirect-outcomes", "calls.notifications.dlq"])
        #expect(catalog.outcomes.coPartitionedWith == catalog.notifications.name)
        #expect(catalog.outcomes.partitions == catalog.notifications.partitions)
        for declaration in catalog.declarations {
            #expect(declaration.replicationFactor == 3)
            #expect(declaration.configs["min.insync.replicas"] == "2")
            #expect(declaration.configs["cleanup.policy"] == "delete")
            #expect(declaration.schema != nil)
        }
        let retention = try #require(catalog.notifications.configs["retention.ms"].flatMap { Int($0) })
        #expect(retention >= 2 * 86_400_000, "long enough to replay a day")
        let deadLetterRetention = try #require(catalog.deadLetters.configs["retention.ms"].flatMap { Int($0) })
        #expect(deadLetterRetention > retention, "dead letters are kept longer for investigation")
        #expect((catalog.deadLetters.maxMessageBytes ?? 0) >= (catalog.notifications.maxMessageBytes ?? .max))
    }

    @Test("The project's declarations name each role's topic as the settings' defaults do", arguments: TopicRole.allCases)
    func defaultNames(role: TopicRole) throws {
        let catalog = try TopicCatalog.load(directory: TopicDeclarationFixtures.projectTopicsDirectory)
        #expect(catalog.declarations.first { $0.role == role }?.name == role.defaultName)
    }

    @Test("Config values written as numbers reach Kafka as strings")
    func configsAreStrings() throws {
        let declaration = try TopicDeclaration(
            yaml: TopicDeclarationFixtures.yaml(
                name: "t",
                role: "notifications",
                extra: "configs:\n  retention.ms: 86400000\n  cleanup.policy: delete\n  unclean.leader.election.enable: false"
            ),
            file: "t.yaml"
        )
        #expect(declaration.configs == ["retention.ms": "86400000", "cleanup.policy": "delete", "unclean.leader.election.enable": "false"])
    }

    @Test(
        "A bad field is reported with its file and name",
        arguments: [
            ("name: calls.x\nrole: notifications\nreplicationFactor: 3", "partitions", TopologyError.Code.missingField),
            ("name: calls.x\nrole: notifications\npartitions: 0\nreplicationFactor: 3", "partitions", .invalidValue),
            ("name: calls.x\nrole: notifications\npartitions: \"12\"\nreplicationFactor: 3", "partitions", .invalidValue),
            ("name: calls.x\nrole: notification\npartitions: 12\nreplicationFactor: 3", "role", .invalidValue),
            ("name: calls x\nrole: notifications\npartitions: 12\nreplicationFactor: 3", "name", .invalidValue),
            ("name: calls.x\nrole: notifications\npartitions: 12\nreplicationFactor: 3\nretention.ms: 5", "retention.ms", .unknownField),
            ("name: calls.x\nrole: notifications\npartitions: 12\nreplicationFactor: 3\nconfigs:\n  retention.ms: a week", "configs.retention.ms", .invalidValue),
            ("name: calls.x\nrole: notifications\npartitions: 12\nreplicationFactor: 3\nconfigs:\n  cleanup.policy: forever", "configs.cleanup.policy", .invalidValue),
            ("name: calls.x\nrole: notifications\npartitions: 12\nreplicationFactor: 2\nconfigs:\n  min.insync.replicas: 3", "configs.min.insync.replicas", .invalidValue),
            ("name: calls.x\nrole: notifications\npartitions: 12\nreplicationFactor: 3\nconfigs:\n  retention.ms: [1]", "configs.retention.ms", .invalidValue),
        ]
    )
    func badField(yaml: String, field: String, code: TopologyError.Code) throws {
        let error = try #require(throws: TopologyError.self) {
            try TopicDeclaration(yaml: yaml, file: "topics/bad.yaml")
        }
        #expect(error.code == code)
        #expect(error.field == field)
        #expect(error.description.hasPrefix("topics/bad.yaml: \(field): "))
    }

    @Test("A file that is not a YAML mapping is rejected")
    func notAMapping() {
        #expect(throws: TopologyError.self) { try TopicDeclaration(yaml: "- name: calls.x", file: "list.yaml") }
        #expect(throws: TopologyError.self) { try TopicDeclaration(yaml: "name: [unclosed", file: "broken.yaml") }
    }

    @Test("The outcomes topic must be co-partitioned with the notifications topic")
    func coPartitioning() throws {
        var files = TopicDeclarationFixtures.validFiles
        files["outcomes.yaml"] = TopicDeclarationFixtures.yaml(
            name: "calls.redirect-outcomes", role: "outcomes", partitions: 6, extra: "coPartitionedWith: calls.notifications")
        let directory = try TopicDeclarationFixtures.directory(files)
        let error = try #require(throws: TopologyError.self) { try TopicCatalog.load(directory: directory) }
        #expect(error.code == .inconsistent)
        #expect(error.field == "partitions")
        #expect(error.file?.hasSuffix("outcomes.yaml") == true)
        #expect(error.message.contains("12"))

        files["outcomes.yaml"] = TopicDeclarationFixtures.yaml(name: "calls.redirect-outcomes", role: "outcomes")
        let missingPartner = try TopicDeclarationFixtures.directory(files)
        let missing = try #require(throws: TopologyError.self) { try TopicCatalog.load(directory: missingPartner) }
        #expect(missing.code == .missingField)
        #expect(missing.field == "coPartitionedWith")
    }

    @Test("Every role is declared exactly once, and names are unique")
    func rolesAndNames() throws {
        var files = TopicDeclarationFixtures.validFiles
        files.removeValue(forKey: "dlq.yaml")
        let error = try #require(throws: TopologyError.self) {
            try TopicCatalog.load(directory: TopicDeclarationFixtures.directory(files))
        }
        #expect(error.message.contains("role dlq"))

        files = TopicDeclarationFixtures.validFiles
        files["second.yaml"] = TopicDeclarationFixtures.yaml(name: "calls.other", role: "dlq")
        let duplicateRole = try #require(throws: TopologyError.self) {
            try TopicCatalog.load(directory: TopicDeclarationFixtures.directory(files))
        }
        #expect(duplicateRole.field == "role")

        files = TopicDeclarationFixtures.validFiles
        files["dlq.yaml"] = TopicDeclarationFixtures.yaml(name: "calls.notifications", role: "dlq")
        let duplicateName = try #require(throws: TopologyError.self) {
            try TopicCatalog.load(directory: TopicDeclarationFixtures.directory(files))
        }
        #expect(duplicateName.field == "name")
    }

    @Test("The DLQ must accept the largest notification")
    func deadLetterSize() throws {
        var files = TopicDeclarationFixtures.validFiles
        files["notifications.yaml"] = TopicDeclarationFixtures.yaml(
            name: "calls.notifications", role: "notifications", extra: "configs:\n  max.message.bytes: 1048576")
        files["dlq.yaml"] = TopicDeclarationFixtures.yaml(
            name: "calls.notifications.dlq", role: "dlq", extra: "configs:\n  max.message.bytes: 1000000")
        let error = try #require(throws: TopologyError.self) {
            try TopicCatalog.load(directory: TopicDeclarationFixtures.directory(files))
        }
        #expect(error.field == "configs.max.message.bytes")
        #expect(error.file?.hasSuffix("dlq.yaml") == true)
    }

    @Test("A schema that does not exist is reported; a missing directory names the setting")
    func schemaAndDirectory() throws {
        var files = TopicDeclarationFixtures.validFiles
        files["dlq.yaml"] = TopicDeclarationFixtures.yaml(
            name: "calls.notifications.dlq", role: "dlq", extra: "schema: schemas/nope.schema.json")
        let error = try #require(throws: TopologyError.self) {
            try TopicCatalog.load(directory: TopicDeclarationFixtures.directory(files))
        }
        #expect(error.field == "schema")

        let missing = try #require(throws: TopologyError.self) {
            try TopicCatalog.load(directory: "/nonexistent/topics-\(UUID().uuidString)")
        }
        #expect(missing.code == .unreadable)
        #expect(missing.message.contains("SWITCHBOARD_TOPICS_DIR"))
    }
}
