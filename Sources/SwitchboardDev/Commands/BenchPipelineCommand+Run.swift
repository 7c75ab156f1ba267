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
        /// librdkafka properties for every client of the run.
        var kafkaProperties: [String: String]
        /// Offer each call at the simulator (signing its notification token) while feeding, instead of before.
        var liveOffers: Bool
        /// Run the worker as a `switchboard worker` child process, to measure its own CPU and memory.
        var workerProcess: Bool
        /// The executable started instead of `switchboard worker`, if any.
        var workerCommand: String?

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
            let client = KafkaClientConfiguration(
                bootstrapServers: cluster.bootstrapServers, additionalProperties: kafkaProperties, logLevel: .warning)
            let rulesPath = FileManager.default.temporaryDirectory.appendingPathComponent("bench-rules-\(suffix).yaml").path
            try Self.rules.write(toFile: rulesPath, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: rulesPath) }

            // Calls offered before the measured phase need a window that outlasts the offering; the
            // worker's own 15 s deadline still runs from the received-at header written at feed time.
            let simulatorConfiguration = SimulatorConfiguration(
                tls: tls, callWindow: liveOffers ? WorkerDefaults.callWindow : .seconds(3600), latency: latency,
                terminationDelay: .seconds(7200), requestLogLimit: 100)
            return try await SimulatedGraph.withRunning(configuration: simulatorConfiguration, logger: logger) { simulator, address in
                let feeder = try KafkaProducer(
                    configuration: KafkaProducerConfiguration(client: client, linger: .milliseconds(2)), logger: logger)
                defer { Task { await feeder.shutdown(flushTimeout: .seconds(5)) } }
                let setup = WorkerSetup(
                    configuration: worker, client: client, group: "bench-\(suffix)", rulesPath: rulesPath,
                    graphURL: address.baseURL, caPEM: simulator.certificateAuthorityPEM, run: self, logger: logger)
                if workerProcess {
                    let child = try SpawnedWorker.start(setup)
                    do {
                        let result = try await measure(worker: child, simulator: simulator, feeder: feeder, setup: setup)
                        await child.stop()
                        return result
                    } catch {
                        await child.stop()
                        throw error
                    }
                }
                return try await InProcessWorker.with(setup) { inProcess in
                    try await measure(worker: inProcess, simulator: simulator, feeder: feeder, setup: setup)
                }
            }
        }

        private func measure(
            worker: some WorkerUnderTest, simulator: SimulatedGraph, feeder: KafkaProducer, setup: WorkerSetup
        ) async throws -> Result {
            try await OutcomeTail.withRunning(
                client: setup.client, topic: setup.configuration.outcomesTopic, partitions: partitions, logger: setup.logger
            ) { outcomes in
                try await measure(worker: worker, simulator: simulator, feeder: feeder, setup: setup, outcomes: outcomes)
            }
        }

        private func measure(
            worker: some WorkerUnderTest, simulator: SimulatedGraph, feeder: KafkaProducer, setup: WorkerSetup,
            outcomes: OutcomeTail
        ) async throws -> Result {
            let feed = Feed(simulator: simulator, producer: feeder, topic: setup.configuration.notificationsTopic, tenant: Self.tenant)
            let clock = ContinuousClock()
            let ready = clock.now + .seconds(60)
            while try await !worker.isReady(), clock.now < ready { try await Task.sleep(for: .milliseconds(50)) }

            // Warm-up: connections, tokens, allocator; not measured.
            let warmupOffers = liveOffers ? nil : try await feed.offer(warmupCalls)
            _ = try await feed.send(warmupCalls, rate: rate, offered: warmupOffers)
            try await worker.waitForOutcomes(warmupCalls, in: outcomes, timeout: .seconds(120))
            try await outcomes.waitForDecisions(warmupCalls, timeout: .seconds(60))
            let offered = liveOffers ? nil : try await feed.offer(calls)
            let lateBefore = simulator.stats().lateArrivals

            let cpuBefore = Self.processCPU()
            let workerCPUBefore = worker.cpuSeconds
            let rssAtStart = worker.rssKilobytes
            // Halfway through the feed (or the backlog's first second), for the memory's flatness.
            let halfway = Duration.milliseconds(rate.map { calls * 500 / $0 } ?? 1_000)
            async let rssHalfway = Self.rssKilobytes(of: worker, after: halfway)
            let machineAtStart = MachineCPU.sample()
            let started = Date()
            let measured = try await feed.send(calls, rate: rate, offered: offered)
            let fedAt = Date()
            let machineWhenFed = MachineCPU.sample()
            try await worker.waitForOutcomes(warmupCalls + calls, in: outcomes, timeout: .seconds(Int64(calls / 50 + 120)))
            // The feed's window when calls came at a rate (the steady state); fed at once, until the last outcome.
            let machineAtEnd = rate == nil ? MachineCPU.sample() : machineWhenFed
            let cpu = Self.processCPU() - cpuBefore
            let workerCPU = worker.cpuSeconds.flatMap { after in workerCPUBefore.map { after - $0 } }
            let rss = [rssAtStart, await rssHalfway, worker.rssKilobytes]
            // Every decision read (the in-process worker is counted through its metrics, a little ahead of the topic).
            try await outcomes.waitForDecisions(warmupCalls + calls, timeout: .seconds(60))
            let events = try outcomes.events().filter { measured.contains($0.outcome.callID) }
            return Result(
                ordering: ordering, calls: calls, rate: rate, started: started, fedAt: fedAt, events: events,
                graphArrivals: simulator.firstRedirectArrivals(callIDs: measured),
                lateArrivals: simulator.stats().lateArrivals - lateBefore, cpuSeconds: cpu,
                maxRSSKilobytes: Self.maxRSSKilobytes(), liveOffers: liveOffers,
                workerCPUSeconds: workerCPU, workerMaxRSSKilobytes: worker.maxRSSKilobytes,
                workerRSSKilobytes: rss.compactMap { $0 },
                concurrencySlots: ordering == .key ? maxInFlight : partitions, meanGraphLatency: latency.mean,
                machineBusyCores: machineAtStart.flatMap { start in machineAtEnd?.busyCores(since: start) },
                machineCores: machineAtStart?.cores)
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

        /// The worker's resident memory after `delay`.
        static func rssKilobytes(of worker: some WorkerUnderTest, after delay: Duration) async -> Int? {
            try? await Task.sleep(for: delay)
            return worker.rssKilobytes
        }

        /// User plus system CPU of this process, in seconds.
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
