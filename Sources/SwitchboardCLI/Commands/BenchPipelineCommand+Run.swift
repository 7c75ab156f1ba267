import CallModel
import Foundation
import Graph
import GraphSimulator
import Kafka
import Logging
import Prometheus
import ServiceLifecycle
import Worker

#if canImport(Glibc)
import Glibc
#endif

extension BenchPipelineCommand {
    /// One measured run: a fresh broker, simulator and worker; warm-up, then `calls` measured calls.
    struct PipelineRun {
        var ordering: WorkerOrdering
        var calls: Int
        /// Calls per second; `nil` feeds everything at once (the baseline's backlog).
        var rate: Int?
        var warmupCalls: Int
        var partitions: Int
        var latency: SimulatedLatency
        var maxInFlight: Int
        var tls: Bool

        static let tenant = "632899f8-2ea1-4604-8413-27bd2892079f"

        static func parseMilliseconds(_ text: String) -> Duration? {
            SimulatedLatency.parseDuration(text)
        }

        func run() async throws -> Result {
            var logger = Logger(label: "bench", factory: { StreamLogHandler.standardError(label: $0) })
            logger.logLevel = .warning
            let cluster = try KafkaMockCluster(brokers: 1, logger: logger)
            defer { cluster.shutdown() }
            let suffix = UUID().uuidString.prefix(8).lowercased()
            let worker = WorkerConfiguration(
                notificationsTopic: "bench-notifications-\(suffix)",
                outcomesTopic: "bench-outcomes-\(suffix)",
                deadLetterTopic: "bench-dlq-\(suffix)",
                maxInFlight: maxInFlight,
                ordering: ordering
            )
            try cluster.createTopic(worker.notificationsTopic, partitions: partitions, replicationFactor: 1)
            try cluster.createTopic(worker.outcomesTopic, partitions: partitions, replicationFactor: 1)
            try cluster.createTopic(worker.deadLetterTopic, partitions: 1, replicationFactor: 1)
            let client = KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers, logLevel: .warning)

            let simulatorConfiguration = SimulatorConfiguration(
                tls: tls, latency: latency, terminationDelay: .seconds(3600), requestLogLimit: 100)
            return try await SimulatedGraph.withRunning(configuration: simulatorConfiguration, logger: logger) { simulator, address in
                let graph = try GraphClient(
                    configuration: GraphClientConfiguration(
                        clientID: "bench", clientSecret: "bench",
                        endpoint: GraphEndpoint(baseURL: address.baseURL, authority: address.baseURL),
                        maxConnectionsPerHost: max(512, maxInFlight),
                        http2: tls,
                        prewarmTenants: [Self.tenant],
                        additionalTrustRootsPEM: simulator.certificateAuthorityPEM),
                    logger: logger)
                let outcomeProducer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: logger)
                let feeder = try KafkaProducer(
                    configuration: KafkaProducerConfiguration(client: client, linger: .milliseconds(2)), logger: logger)
                let rulesPath = FileManager.default.temporaryDirectory.appendingPathComponent("bench-rules-\(suffix).yaml").path
                try Self.rules.write(toFile: rulesPath, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(atPath: rulesPath) }
                let rules = try RoutingRulesFile(path: rulesPath, apiVersion: .v1, logger: logger)
                let registry = PrometheusCollectorRegistry()
                let service = try WorkerService(
                    configuration: worker,
                    consumerConfiguration: KafkaConsumerConfiguration(
                        client: client, groupID: "bench-\(suffix)", sessionTimeout: .seconds(6),
                        heartbeatInterval: .milliseconds(500), bufferCapacity: max(1_000, maxInFlight)),
                    producer: outcomeProducer, graph: graph, rules: rules,
                    metricsFactory: PrometheusMetricsFactory(registry: registry), logger: logger)
                await graph.prewarm()
                let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [service], logger: logger))
                let result: Result = try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    do {
                        let result = try await measure(service: service, simulator: simulator, feeder: feeder, client: client,
                            worker: worker, logger: logger)
                        await group.triggerGracefulShutdown()
                        try await tasks.waitForAll()
                        return result
                    } catch {
                        await group.triggerGracefulShutdown()
                        try? await tasks.waitForAll()
                        throw error
                    }
                }
                await outcomeProducer.shutdown(flushTimeout: .seconds(5))
                await feeder.shutdown(flushTimeout: .seconds(5))
                try? await graph.shutdown()
                return result
            }
        }

        private func measure(
            service: WorkerService, simulator: SimulatedGraph, feeder: KafkaProducer, client: KafkaClientConfiguration,
            worker: WorkerConfiguration, logger: Logger
        ) async throws -> Result {
            let feed = Feed(simulator: simulator, producer: feeder, topic: worker.notificationsTopic, tenant: Self.tenant)
            let outcomes = OutcomeCounter(client: client, topic: worker.outcomesTopic, partitions: partitions, logger: logger)
            let clock = ContinuousClock()
            let ready = clock.now + .seconds(30)
            while !service.readiness.isReady, clock.now < ready { try await Task.sleep(for: .milliseconds(50)) }

            // Warm-up: connections, tokens, allocator; not measured.
            _ = try await feed.send(warmupCalls, rate: rate)
            try await outcomes.wait(for: warmupCalls, timeout: .seconds(120))
            let lateBefore = simulator.stats().lateArrivals

            let cpuBefore = Self.processCPU()
            let started = Date()
            let measured = try await feed.send(calls, rate: rate)
            let fedAt = Date()
            try await outcomes.wait(for: warmupCalls + calls, timeout: .seconds(Int64(calls / 50 + 120)))
            let cpu = Self.processCPU() - cpuBefore
            let events = try await outcomes.readAll().filter { measured.contains($0.outcome.callID) }
            return Result(
                ordering: ordering, calls: calls, rate: rate, started: started, fedAt: fedAt, events: events,
                lateArrivals: simulator.stats().lateArrivals - lateBefore, cpuSeconds: cpu,
                maxRSSKilobytes: Self.maxRSSKilobytes())
        }

        /// Every call is redirected to one application: the bench measures the pipeline, not the rules.
        static let rules = """
            rules:
              - name: bench-front-desk
                action:
                  redirect:
                    targets:
                      - application: {id: 22bfd41f-550e-477d-8789-f6f7bd2a5e8b, displayName: bench bot}
            """

        static func processCPU() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
                + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }

        static func maxRSSKilobytes() -> Int {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return usage.ru_maxrss
        }
    }
}
