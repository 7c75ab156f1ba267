import CallModel
import Foundation
import Graph
import Kafka
import Logging
import Prometheus
import ServiceLifecycle
import Worker

extension BenchPipelineCommand {
    /// Everything a worker under test is configured with.
    struct WorkerSetup: Sendable {
        var configuration: WorkerConfiguration
        var client: KafkaClientConfiguration
        var group: String
        var rulesPath: String
        var graphURL: String
        var caPEM: String?
        var run: PipelineRun
        var logger: Logger

        /// The run's librdkafka properties, with the embedded cluster's fetch wait
        /// (``KafkaMockCluster/consumerFetchWaitMax``) unless `--kafka-property` sets one.
        var consumerProperties: [String: String] {
            run.kafkaProperties.merging(KafkaMockCluster.consumerProperties) { given, _ in given }
        }
    }

    /// The worker a run measures, in this process or in its own.
    protocol WorkerUnderTest: Sendable {
        /// Whether it consumes (assigned).
        func isReady() async throws -> Bool
        /// Waits until `count` decisions are published, and (for a worker in its own process) read by `tail`.
        func waitForOutcomes(_ count: Int, in tail: OutcomeTail, timeout: Duration) async throws
        /// The worker's own CPU seconds so far, when it runs in its own process.
        var cpuSeconds: Double? { get }
        /// The worker's own peak memory, when it runs in its own process.
        var maxRSSKilobytes: Int? { get }
        /// The worker's resident memory now (its process's, or this whole process's when in process).
        var rssKilobytes: Int? { get }
    }

    /// A `WorkerService` in this process, counted through its metrics.
    struct InProcessWorker: WorkerUnderTest {
        let service: WorkerService
        let registry: PrometheusCollectorRegistry

        static func with<T: Sendable>(_ setup: WorkerSetup, _ body: (InProcessWorker) async throws -> T) async throws -> T {
            let logger = setup.logger
            var consumerClient = setup.client
            consumerClient.additionalProperties = setup.consumerProperties
            let registry = PrometheusCollectorRegistry()
            // The same assembly as `switchboard worker`, without an operations server: the run reads the registry.
            let application = try WorkerApplication(
                configuration: WorkerApplicationConfiguration(
                    worker: setup.configuration,
                    consumer: KafkaConsumerConfiguration(
                        client: consumerClient, groupID: setup.group, sessionTimeout: .seconds(6),
                        heartbeatInterval: .milliseconds(500), bufferCapacity: max(1_000, setup.configuration.maxInFlight)),
                    producer: WorkerApplicationConfiguration.outcomeProducer(client: setup.client),
                    producerFlushTimeout: .seconds(5),
                    graph: GraphClientConfiguration(
                        clientID: "bench", credential: .clientSecret("bench"),
                        endpoint: GraphEndpoint(baseURL: setup.graphURL, authority: setup.graphURL),
                        maxConnectionsPerHost: max(512, setup.configuration.maxInFlight),
                        http2: setup.run.tls,
                        // As `switchboard worker` sizes it: a stream for every call in flight.
                        http2Connections: GraphClientConfiguration.http2Connections(
                            forConcurrentRedirects: setup.configuration.maxInFlight),
                        prewarmTenants: [PipelineRun.tenant],
                        additionalTrustRootsPEM: setup.caPEM),
                    rulesPath: setup.rulesPath,
                    operations: nil),
                registry: registry, logger: logger)
            await application.prewarm()
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: application.services, logger: logger))
            let service = application.service
            return try await withTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try? await group.run() }
                let result: Result<T, any Error>
                do {
                    result = .success(try await body(InProcessWorker(service: service, registry: registry)))
                } catch {
                    result = .failure(error)
                }
                // Stops the worker, then flushes the producer and closes the Graph client (WorkerApplication's order).
                await group.triggerGracefulShutdown()
                await tasks.waitForAll()
                return result
            }.get()
        }

        func isReady() async throws -> Bool { service.readiness.isReady }

        /// Decisions the worker published (its `switchboard_worker_outcomes_total` counters of final types;
        /// the `attempting` markers and `completed` events do not count).
        var published: Int {
            let text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
            let finals = OutcomeType.allCases.filter(\.isFinal).map { "switchboard_worker_outcomes_total{type=\"\($0.rawValue)\"}" }
            var total = 0
            for line in text.split(separator: "\n") where finals.contains(where: { line.hasPrefix($0) }) {
                if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { total += Int(value) }
            }
            return total
        }

        func waitForOutcomes(_ count: Int, in tail: OutcomeTail, timeout: Duration) async throws {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while published < count {
                guard clock.now < deadline else { throw BenchError("only \(published) of \(count) outcomes after \(timeout)") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        var cpuSeconds: Double? { nil }
        var maxRSSKilobytes: Int? { nil }
        var rssKilobytes: Int? { ProcessStatus.kilobytes("VmRSS", pid: nil) }
    }
}
