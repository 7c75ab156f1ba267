import AsyncHTTPClient
import Foundation
import GraphSimulator
import Kafka
import Logging
import Synchronization

@testable import SwitchboardDev

/// The whole system as separate `switchboard` processes on loopback: `kafka-mock` (3 brokers),
/// `simulate`, `ingress` and N `worker`s, on fresh topics and a fresh consumer group.
///
/// ``with(_:_:)`` starts them, runs the test, and stops and reaps every process whatever happens
/// (workers first, the broker last). Process output is kept in a folder that is deleted when the
/// test passes and named in the error when it does not.
final class PipelineStack: Sendable {
    /// How a stack is started.
    struct Options: Sendable {
        /// Workers started before the test body runs.
        var workers = 2
        /// Partitions of the notifications and (co-partitioned) outcomes topics.
        var partitions = 12
        /// The routing rules file the workers load.
        var rulesFile = Fixtures.seedRules
        /// Extra flags for `simulate` (latency, faults, …).
        var simulatorArguments: [String] = []
        /// Extra flags for every `worker`.
        var workerArguments: [String] = []
        /// The Graph credential variables of every `worker`, given the simulator's URL; default a client secret.
        var workerEnvironment: @Sendable (_ simulatorURL: String) -> [String: String] = { _ in
            ["SWITCHBOARD_GRAPH_CLIENT_SECRET": "e2e-not-a-secret"]
        }
    }

    let options: Options
    let folder: URL
    let notificationsTopic: String
    let outcomesTopic: String
    let deadLetterTopic: String
    let group: String
    let bootstrapServers: String
    let simulator: SimulatorControl
    let ingressURL: String
    let logger: Logger
    let outcomes: TopicLog
    let notifications: TopicLog
    let deadLetters: TopicLog
    private let kafka: ChildProcess
    private let processes: ProcessRegistry
    private let workerCount = Mutex(0)

    /// A Kafka client configuration for the test process.
    var client: KafkaClientConfiguration {
        KafkaClientConfiguration(
            bootstrapServers: bootstrapServers, clientID: "switchboard-e2e",
            additionalProperties: ["reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "500"])
    }

    private init(options: Options, folder: URL, names: TopicNames, kafka: ChildProcess, bootstrapServers: String,
                 simulatorURL: String, ingressURL: String, processes: ProcessRegistry, logger: Logger) {
        self.options = options
        self.folder = folder
        self.notificationsTopic = names.notifications
        self.outcomesTopic = names.outcomes
        self.deadLetterTopic = names.deadLetters
        self.group = names.group
        self.kafka = kafka
        self.bootstrapServers = bootstrapServers
        self.simulator = SimulatorControl(baseURL: simulatorURL)
        self.ingressURL = ingressURL
        self.processes = processes
        self.logger = logger
        let client = KafkaClientConfiguration(bootstrapServers: bootstrapServers, clientID: "switchboard-e2e")
        outcomes = TopicLog(topic: names.outcomes, partitions: options.partitions, client: client, logger: logger)
        notifications = TopicLog(topic: names.notifications, partitions: options.partitions, client: client, logger: logger)
        deadLetters = TopicLog(topic: names.deadLetters, partitions: TopicNames.deadLetterPartitions, client: client, logger: logger)
    }

    /// Starts a stack, runs `body` with it, and stops every process whatever happens.
    static func with<T: Sendable>(_ options: Options = Options(), _ body: (PipelineStack) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let started = ProcessRegistry()
        let result = await Result(catching: {
            let stack = try await start(options, folder: folder, started: started)
            return try await body(stack)
        })
        // Workers first (they commit and leave the group), the broker last. In a task of its own, so
        // the waits of the shutdown still wait when the test itself was cancelled (time limit).
        await Task { await started.stopAll() }.value
        switch result {
        case .success(let value):
            // SWITCHBOARD_E2E_KEEP=1 keeps the processes' output of passing tests too (an #expect that
            // failed does not fail `body`).
            if ProcessInfo.processInfo.environment["SWITCHBOARD_E2E_KEEP"] == nil {
                try? FileManager.default.removeItem(at: folder)
            } else {
                print("[e2e] process output kept in \(folder.path)")
            }
            return value
        case .failure(let error):
            throw HarnessError("\(error)\n(process output kept in \(folder.path))")
        }
    }

    private static func start(_ options: Options, folder: URL, started: ProcessRegistry) async throws -> PipelineStack {
        let logger = Logger(label: "switchboard-e2e", factory: { _ in SwiftLogNoOpLogHandler() })
        func launch(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ChildProcess {
            let process = try ChildProcess.start(name: name, arguments: arguments, environment: environment, folder: folder)
            started.add(process)
            return process
        }
        let names = TopicNames()
        let kafka = try launch("kafka-mock", [
            "kafka-mock", "--brokers", "3", "--control-stdin",
            "--topic", "\(names.notifications):\(options.partitions)",
            "--topic", "\(names.outcomes):\(options.partitions)",
            "--topic", "\(names.deadLetters):\(TopicNames.deadLetterPartitions)",
        ])
        let bootstrapServers = try await kafka.waitForLine(timeout: .seconds(20), what: "its bootstrap servers")

        // The simulator posts callbacks to the ingress, and the ingress reads keys from the simulator:
        // the ingress's port is reserved first (`FreePort`); should it still be taken, another is tried.
        var attempt = 0
        while true {
            attempt += 1
            let ingressPort = try FreePort.pick()
            let ingressURL = "http://127.0.0.1:\(ingressPort)"
            let simulator = try launch("simulate-\(attempt)", [
                "simulate", "--port", "0", "--callback-base-url", ingressURL, "--notification-url", "\(ingressURL)/api/calls",
            ] + options.simulatorArguments)
            let simulatorURL = try await simulator.waitForLine(timeout: .seconds(20), what: "its URL")
            let ingress = try launch("ingress-\(attempt)", [
                "ingress", "--host", "127.0.0.1", "--port", String(ingressPort), "--health-port", "0",
                "--notifications-topic", names.notifications,
                "--bot-app-id", SimulatorDefaults.botAppID,
                "--openid-metadata-url", "\(simulatorURL)/v1/.well-known/OpenIdConfiguration",
                "--kafka-bootstrap-servers", bootstrapServers,
                "--kafka-property", "reconnect.backoff.ms=50", "--kafka-property", "reconnect.backoff.max.ms=500",
                "--log-level", "notice",
            ])
            // The first line is the webhook's URL, the second that of /healthz, /readyz and /metrics.
            let ingressHealthURL: String
            do {
                _ = try await ingress.waitForLine(timeout: .seconds(20), what: "its URL")
                ingressHealthURL = try await ingress.waitForLine(timeout: .seconds(20), what: "its health URL") {
                    $0.hasPrefix("http://") && $0 != ingressURL
                }
            } catch where attempt < 3 && !ingress.isRunning {
                await ingress.stop()
                await simulator.stop()
                continue
            }
            try await waitUntilReady("\(ingressHealthURL)/readyz", process: ingress, timeout: .seconds(30))
            let stack = PipelineStack(
                options: options, folder: folder, names: names, kafka: kafka, bootstrapServers: bootstrapServers,
                simulatorURL: simulatorURL, ingressURL: ingressURL, processes: started, logger: logger)
            for _ in 0..<options.workers {
                try stack.launchWorker()
            }
            try await stack.waitForWorkers()
            return stack
        }
    }

    // MARK: Workers

    /// A running worker and where its health endpoints are.
    struct Worker: Sendable {
        let process: ChildProcess
        var name: String { process.name }
    }

    private let workerList = Mutex<[Worker]>([])

    /// The workers started so far (crashed ones included).
    var workers: [Worker] { workerList.withLock { $0 } }

    /// Starts another worker in the stack's group; it is stopped with the stack.
    @discardableResult
    func addWorker() async throws -> Worker {
        let worker = try launchWorker()
        try await waitUntilWorkerReady(worker)
        return worker
    }

    @discardableResult
    private func launchWorker() throws -> Worker {
        let number = workerCount.withLock { count in
            count += 1
            return count
        }
        let process = try ChildProcess.start(
            name: "worker-\(number)",
            arguments: [
                "worker",
                "--kafka-bootstrap-servers", bootstrapServers,
                "--kafka-property", "reconnect.backoff.ms=50", "--kafka-property", "reconnect.backoff.max.ms=500",
                "--notifications-topic", notificationsTopic, "--outcomes-topic", outcomesTopic, "--dlq-topic", deadLetterTopic,
                "--consumer-group", group, "--session-timeout", "6s",
                "--rules-file", options.rulesFile,
                "--graph-base-url", simulator.baseURL, "--graph-authority", simulator.baseURL, "--graph-api-version", "beta",
                "--graph-client-id", "switchboard-e2e",
                "--health-port", "0", "--log-format", "text",
                // librdkafka 2.0.2's mock broker holds a waiting fetch for all of fetch.wait.max.ms (500 ms by
                // default) even when records arrive; a real broker answers at once.
                "--kafka-property", "fetch.wait.max.ms=25",
                // Three heartbeats per session: a member that misses one under load is not thrown out.
                "--kafka-property", "heartbeat.interval.ms=1000",
            ] + options.workerArguments,
            environment: options.workerEnvironment(simulator.baseURL),
            folder: folder)
        processes.add(process)
        let worker = Worker(process: process)
        workerList.withLock { $0.append(worker) }
        return worker
    }

    private func waitForWorkers() async throws {
        for worker in workers {
            try await waitUntilWorkerReady(worker)
        }
    }

    private func waitUntilWorkerReady(_ worker: Worker) async throws {
        let healthURL = try await worker.process.waitForLine(timeout: .seconds(30), what: "its health URL")
        try await Self.waitUntilReady("\(healthURL)/readyz", process: worker.process, timeout: .seconds(45))
    }

    // MARK: Brokers

    /// Sends a command to the mock cluster (`broker-down all`, `broker-up all`) and waits until it took effect.
    func brokers(_ command: String) async throws {
        let before = kafka.outputLines().count
        try kafka.send(command)
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            if let answer = kafka.outputLines().dropFirst(before).first(where: { $0.hasPrefix("ok ") || $0.hasPrefix("error ") }) {
                guard answer == "ok \(command)" else { throw HarnessError("kafka-mock answered \(answer) to \(command)") }
                return
            }
            guard ContinuousClock.now < deadline else { throw HarnessError("kafka-mock did not answer \(command) within 10 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    // MARK: Helpers

    /// Polls `url` until it answers 200.
    static func waitUntilReady(_ url: String, process: ChildProcess, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw HarnessError("\(process.name) exited while waiting for \(url); its standard error ends with:\n\(process.stderrTail())")
            }
            do {
                let response = try await TestHTTP.client.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
                let body = try await response.body.collect(upTo: 1 << 16)
                if response.status.code == 200 { return }
                last = "\(response.status.code) \(String(buffer: body))"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw HarnessError("\(url) was not ready within \(timeout) (last answer: \(last)); \(process.name)'s standard error ends with:\n\(process.stderrTail())")
    }
}
