import Graph
import Kafka
import Logging
import Testing

@testable import Worker

@Suite("WorkerApplication configuration")
struct WorkerApplicationConfigurationTests {
    static func configuration(rulesPath: String = "/etc/switchboard/rules.yaml") -> WorkerApplicationConfiguration {
        WorkerApplicationConfiguration(
            consumer: KafkaConsumerConfiguration(
                client: KafkaClientConfiguration(bootstrapServers: "127.0.0.1:9"), groupID: "switchboard-worker"),
            graph: GraphClientConfiguration(
                clientID: "switchboard-tests", credential: .clientSecret("not-a-secret"),
                endpoint: GraphEndpoint(baseURL: "https://graph.microsoft.com", authority: "https://login.microsoftonline.com")),
            rulesPath: rulesPath)
    }

    @Test("defaults: the worker's topics, a producer on the consumer's client, an ops server on 0.0.0.0:8081")
    func defaults() throws {
        let configuration = Self.configuration()
        #expect(configuration.worker.notificationsTopic == "calls.notifications")
        #expect(configuration.producer.client.bootstrapServers == "127.0.0.1:9")
        #expect(configuration.producerFlushTimeout == .seconds(10))
        #expect(configuration.operations?.host == "0.0.0.0")
        #expect(configuration.operations?.port == 8081)
        try configuration.validate()
    }

    @Test("an empty rules path, an ops port out of range and a non-positive poll interval are named")
    func invalid() {
        var emptyPath = Self.configuration(rulesPath: "")
        #expect(throws: WorkerError.self) { try emptyPath.validate() }
        emptyPath.rulesPath = "rules.yaml"
        emptyPath.operations?.port = 70_000
        let portError = #expect(throws: WorkerError.self) { try emptyPath.validate() }
        #expect(portError?.code == .invalidConfiguration)
        #expect(portError?.message.contains("70000") == true)
        var poll = Self.configuration()
        poll.rulesPollInterval = .zero
        #expect(throws: WorkerError.self) { try poll.validate() }
    }

    @Test("a missing rules file stops the build before any client is made, naming the file")
    func missingRulesFile() {
        let path = "/nonexistent/switchboard-rules-\(UInt64.random(in: 0...UInt64.max)).yaml"
        let error = #expect(throws: WorkerError.self) {
            _ = try WorkerApplication(configuration: Self.configuration(rulesPath: path), logger: Logger(label: "test"))
        }
        #expect(error?.code == .rulesFileUnreadable)
        #expect(error?.message.contains(path) == true)
    }

    @Test("building a worker that processes unverified tenants logs a warning first; the default logs none")
    func unverifiedTenantWarning() {
        // A rules file that does not exist stops the build right after the warning, before any client
        // (whose deinit would trap unless shut down) is made.
        let path = "/nonexistent/switchboard-rules-\(UInt64.random(in: 0...UInt64.max)).yaml"
        func warnings(requireVerifiedTenant: Bool) -> [String] {
            var configuration = Self.configuration(rulesPath: path)
            configuration.worker.requireVerifiedTenant = requireVerifiedTenant
            let logs = CollectedLogs()
            let error = #expect(throws: WorkerError.self) {
                _ = try WorkerApplication(configuration: configuration, logger: logs.logger)
            }
            #expect(error?.code == .rulesFileUnreadable)
            return logs.messages.withLock { $0.map { "\($0.0)" } }
        }
        let insecure = warnings(requireVerifiedTenant: false)
        #expect(insecure.contains { $0.contains("--insecure-allow-unverified-tenant") && $0.contains("local development only") })
        #expect(!warnings(requireVerifiedTenant: true).contains { $0.contains("unverified-tenant") })
    }
}
