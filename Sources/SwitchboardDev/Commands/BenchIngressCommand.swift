import ArgumentParser
import AsyncHTTPClient
import Foundation
import GraphSimulator
import Histogram
import Ingress
import Kafka
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import struct Prometheus.PrometheusMetricsFactory
import class Prometheus.PrometheusCollectorRegistry
import ServiceLifecycle
import Synchronization
import SwitchboardCLISupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `switchboard-dev bench ingress`: acknowledged notifications per second through the real ingress.
struct BenchIngressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingress",
        abstract: "Measure acknowledged notifications/s and latency of the ingress against the embedded broker.",
        discussion: """
            Starts the embedded Kafka cluster, the Graph simulator (it signs the notification tokens and serves \
            the keys), and the ingress with authentication on, all in this process; then posts the simulator's \
            signed incoming-call notifications (tokens signed once, reused) at a fixed concurrency over HTTP/1.1 \
            with AsyncHTTPClient. Prints acknowledged (202) notifications/s, p50/p99/max latency and the \
            process's CPU time per request (client, ingress and broker together). Build with -c release.
            """
    )

    @Option(name: ToolingSetting.benchConcurrency.name, help: ToolingSetting.benchConcurrency.help)
    var concurrency: Int?

    @Option(name: ToolingSetting.benchRequests.name, help: ToolingSetting.benchRequests.help)
    var requests: Int?

    @Option(name: ToolingSetting.benchDuration.name, help: ToolingSetting.benchDuration.help)
    var duration: Double?

    @Option(name: ToolingSetting.benchWarmup.name, help: ToolingSetting.benchWarmup.help)
    var warmup: Double?

    @Option(help: ArgumentHelp("Partitions of the notifications topic (default 12).", valueName: "n"))
    var partitions: Int = 12

    @Option(help: ArgumentHelp("Embedded brokers; replication is min(3, brokers) (default 3).", valueName: "n"))
    var brokers: Int = 3

    @Option(help: ArgumentHelp("Distinct signed notifications posted in turn (default 1000).", valueName: "n"))
    var calls: Int = 1000

    @Option(help: ArgumentHelp(
        "Load generator: ahc (AsyncHTTPClient in this process) or wrk (wrk in its own process, so the CPU figure is the ingress's and the broker's alone; needs wrk on PATH) (default ahc).",
        valueName: "ahc|wrk"))
    var client: String = "ahc"

    @Option(help: ArgumentHelp("Log level of the ingress; info logs every stored notification (default warning).", valueName: "level"))
    var logLevel: String = "warning"

    @Option(help: ArgumentHelp(
        "A librdkafka property for the ingress's producer, over the ingress's settings, e.g. linger.ms=2; repeatable.",
        valueName: "key=value"))
    var kafkaProperty: [String] = []

    func run() async throws {
        let environment = SettingsEnvironment.process
        let concurrency = try environment.value(self.concurrency, ToolingSetting.benchConcurrency)
        let maxRequests = try environment.optional(requests, ToolingSetting.benchRequests)
        let duration = try environment.value(self.duration, ToolingSetting.benchDuration)
        let warmup = try environment.value(self.warmup, ToolingSetting.benchWarmup)
        guard concurrency >= 1, calls >= 1, partitions >= 1, brokers >= 1, duration > 0, warmup >= 0 else {
            throw ValidationError("--concurrency, --calls, --partitions and --brokers must be at least 1; --duration positive")
        }
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw ValidationError("unknown log level \(logLevel)")
        }
        var logger = Logger(label: "switchboard.bench.ingress", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        let quiet = Logger(label: "switchboard.bench", factory: { _ in SwiftLogNoOpLogHandler() })

        let cluster = try KafkaMockCluster(brokers: brokers, logger: quiet)
        defer { cluster.shutdown() }
        let topic = IngressDefaults.notificationsTopic
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: min(3, brokers))

        try await SimulatedGraph.withRunning(logger: quiet) { simulator, address in
            var posts: [Post] = []
            for _ in 0..<calls {
                let call = try await simulator.offerIncomingCall()
                var headers = HTTPHeaders()
                for header in call.headers { headers.add(name: header.name, value: header.value) }
                headers.replaceOrAdd(name: "Content-Type", value: "application/json")
                posts.append(Post(body: ByteBuffer(bytes: call.notification), headers: headers))
            }
            let configuration = IngressApplicationConfiguration(
                host: "127.0.0.1",
                port: 0,
                healthPort: 0,
                notificationsTopic: topic,
                authentication: TokenValidationConfiguration(
                    botAppID: simulator.configuration.botAppID,
                    openIDMetadataURL: address.baseURL + "/v1/.well-known/OpenIdConfiguration"
                ),
                maxInFlight: max(1024, concurrency * 2),
                kafka: IngressApplicationConfiguration.producerConfiguration(
                    client: KafkaClientConfiguration(
                        bootstrapServers: cluster.bootstrapServers,
                        additionalProperties: try Dictionary(
                            kafkaProperty.map { try KafkaOptions.parseProperty($0, source: "--kafka-property") },
                            uniquingKeysWith: { _, last in last })
                    ))
            )
            let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
            let registry = PrometheusCollectorRegistry()
            let ingress = try IngressApplication(
                configuration: configuration,
                registry: registry,
                logger: logger,
                onServerRunning: { ports in
                    portContinuation.yield(ports.webhook)
                    portContinuation.finish()
                }
            )
            let group = ServiceGroup(services: ingress.services, logger: quiet)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { throw ValidationError("the ingress did not start") }
                var clientConfiguration = HTTPClient.Configuration()
                clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
                let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
                let load = Load(client: client, url: "http://127.0.0.1:\(port)/api/calls", posts: posts, concurrency: concurrency)

                print("bench ingress: \(concurrency) concurrent posts, \(calls) distinct signed notifications "
                    + "(\(posts[0].body.readableBytes) bytes each), \(brokers) embedded broker(s), \(partitions) partitions, auth on"
                    + (kafkaProperty.isEmpty ? "" : ", producer: " + kafkaProperty.joined(separator: " ")))
                print("load average before: \(Self.loadAverage())")
                if warmup > 0 {
                    _ = try await load.run(for: .milliseconds(Int64(warmup * 1000)), maxRequests: nil)
                }
                if self.client == "wrk" {
                    let acknowledgedBefore = Self.acknowledged(in: registry)
                    let cpuBefore = Self.processCPUTime()
                    let started = ContinuousClock.now
                    try Self.runWrk(port: port, posts: posts, concurrency: concurrency, seconds: Int(duration.rounded(.up)))
                    let elapsed = started.duration(to: .now)
                    let cpu = Self.processCPUTime() - cpuBefore
                    let acknowledged = Self.acknowledged(in: registry) - acknowledgedBefore
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    print(String(format: "acknowledged (the ingress's 202 count): %d in %.2f s = %.0f notifications/s",
                                 acknowledged, seconds, Double(acknowledged) / seconds))
                    print(String(format: "ingress + broker CPU: %.1f µs per acknowledged notification (%.2f s user+system; load generator excluded)",
                                 cpu / Double(max(acknowledged, 1)) * 1e6, cpu))
                    print("load average after: \(Self.loadAverage())")
                    try await client.shutdown()
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                    return
                }
                let cpuBefore = Self.processCPUTime()
                let result = try await load.run(for: .milliseconds(Int64(duration * 1000)), maxRequests: maxRequests)
                let cpu = Self.processCPUTime() - cpuBefore
                result.print(cpu: cpu)
                print("load average after: \(Self.loadAverage())")
                try await client.shutdown()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    /// The 1, 5 and 15 minute load averages (`/proc/loadavg`), so a figure says how busy the machine was.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The ingress's count of 202 answers.
    static func acknowledged(in registry: PrometheusCollectorRegistry) -> Int {
        let text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        let prefix = #"switchboard_ingress_requests_total{status="202"} "#
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return 0 }
        return Int(Double(line.dropFirst(prefix.count)) ?? 0)
    }

    /// Runs wrk against the ingress with the prepared posts (in turn) and prints its report.
    static func runWrk(port: Int, posts: [Post], concurrency: Int, seconds: Int) throws {
        var script = "local requests = {}\n"
        for post in posts.prefix(200) {
            let headers = post.headers.map { "[\(luaString($0.name))] = \(luaString($0.value))" }.joined(separator: ", ")
            script += "table.insert(requests, wrk.format(\"POST\", \"/api/calls\", { \(headers) }, \(luaString(String(buffer: post.body)))))\n"
        }
        script += "local n = 0\nrequest = function()\n  n = n + 1\n  return requests[(n % #requests) + 1]\nend\n"
        let scriptURL = FileManager.default.temporaryDirectory.appendingPathComponent("bench-ingress-\(getpid()).lua")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: scriptURL) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["wrk", "-t1", "-c\(concurrency)", "-d\(seconds)s", "--latency", "-s", scriptURL.path, "http://127.0.0.1:\(port)/api/calls"]
        try process.runWithSignalsUnblocked()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("wrk exited with status \(process.terminationStatus)") }
    }

    private static func luaString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// User + system CPU seconds of this process so far.
    static func processCPUTime() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
