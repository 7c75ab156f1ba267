import ArgumentParser
import Foundation
import GraphSimulator
import Worker

/// `switchboard-dev bench pipeline`: end-to-end worker throughput in one process (embedded Kafka,
/// simulated Graph, one worker), key-ordered against the partition-ordered baseline.
struct BenchPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "End-to-end worker throughput on the embedded broker and simulated Graph (build with -c release).",
        discussion: """
            Starts an embedded Kafka cluster, the simulated Graph (log-normal redirect latency) and ONE worker in this \
            process, feeds notifications straight into the topic at the target rate with received-at headers, and \
            prints sustained calls/s, receive→202 latency, deadline misses, CPU per call and memory. Without \
            --ordering it runs key then partition ordering at the same partition count and prints the ratio. \
            The embedded broker keeps about 5 MiB per partition and deletes older records: the bench reads the \
            outcomes as they are written and the worker consumes notifications as they arrive, so a long run \
            loses none; a run that falls that far behind stops with an error saying so.
            """
    )

    @Option(help: "key or partition; default: both, key first, then the ratio.")
    var ordering: String?

    @Option(help: "Measured calls in a key-ordered run.")
    var calls: Int = 20_000

    @Option(help: "Measured calls in a partition-ordered run (the baseline is slow; it gets fewer calls, fed at once).")
    var baselineCalls: Int = 200

    @Option(help: "Target feed rate of the key-ordered run, calls per second.")
    var rate: Int = 2_500

    @Option(help: "Partitions of the notifications and outcomes topics (the same for both runs).")
    var partitions: Int = 8

    @Option(help: "Median of the simulated Graph's redirect latency.")
    var graphLatencyMedian: String = "200ms"

    @Option(help: "σ of the log-normal latency (heavy tail: p99 ≈ median × e^(2.33σ)).")
    var graphLatencySigma: Double = 0.6

    @Option(help: "The worker's in-flight bound.")
    var maxInFlight: Int = 2_048

    @Option(help: "Calls fed before measuring (connections, tokens, JIT-free warm-up of pools).")
    var warmupCalls: Int = 1_000

    @Option(
        name: .customLong("kafka-property"),
        help: "A librdkafka property for every client of the run, key=value; repeatable (e.g. fetch.wait.max.ms=500, librdkafka's default).")
    var kafkaProperties: [String] = []

    @Flag(
        help: "Offer each call at the simulator while feeding (signing its RS256 notification token, ~0.5 ms of CPU each) instead of before the measured phase.")
    var liveOffers: Bool = false

    @Flag(help: "Run the worker as a `switchboard worker` child process and report its own CPU per call and memory.")
    var workerProcess: Bool = false

    @Flag(help: "Serve the simulated Graph over TLS with HTTP/2 (the production path) instead of plain HTTP/1.1.")
    var tls: Bool = false

    @Option(
        help: ArgumentHelp(
            "With --worker-process, start this executable instead of `switchboard worker`, with the same SWITCHBOARD_* environment.",
            discussion: "For comparing another consumer on the same broker, topics, simulated Graph and feed: it must answer "
                + "GET /readyz on SWITCHBOARD_HEALTH_PORT and write a final outcome event per call (scripts/bench/script-worker.py does).",
            valueName: "path"))
    var workerCommand: String?

    func validate() throws {
        if let ordering, WorkerOrdering(rawValue: ordering) == nil {
            throw ValidationError("--ordering must be key or partition")
        }
        guard calls > 0, baselineCalls > 0, rate > 0, partitions > 0, maxInFlight > 0, warmupCalls >= 0 else {
            throw ValidationError("counts, rate, partitions and the in-flight bound must be positive")
        }
        if workerCommand != nil, !workerProcess {
            throw ValidationError("--worker-command needs --worker-process")
        }
        guard kafkaProperties.allSatisfy({ $0.contains("=") }) else {
            throw ValidationError("--kafka-property takes key=value")
        }
        guard PipelineRun.parseMilliseconds(graphLatencyMedian) != nil, graphLatencySigma >= 0 else {
            throw ValidationError("--graph-latency-median must be a duration such as 200ms; --graph-latency-sigma ≥ 0")
        }
    }

    func run() async throws {
        let modes: [WorkerOrdering] = ordering.flatMap(WorkerOrdering.init(rawValue:)).map { [$0] } ?? [.key, .partition]
        let median = PipelineRun.parseMilliseconds(graphLatencyMedian) ?? .milliseconds(200)
        let process = workerCommand.map { " (own process: \($0))" } ?? (workerProcess ? " (own process)" : "")
        print("bench pipeline: 1 worker\(process), embedded Kafka (1 broker), simulated Graph over \(tls ? "TLS, HTTP/2" : "plain HTTP/1.1")")
        print("  Graph latency: log-normal, median \(graphLatencyMedian), σ \(graphLatencySigma); \(partitions) partitions; max in flight \(maxInFlight)")
        var results: [WorkerOrdering: PipelineRun.Result] = [:]
        for mode in modes {
            let run = PipelineRun(
                ordering: mode,
                calls: mode == .key ? calls : baselineCalls,
                rate: mode == .key ? rate : nil,
                warmupCalls: mode == .key ? warmupCalls : min(warmupCalls, 50),
                partitions: partitions,
                latency: .logNormal(median: median, sigma: graphLatencySigma),
                maxInFlight: maxInFlight,
                tls: tls,
                kafkaProperties: Dictionary(
                    kafkaProperties.map { entry -> (String, String) in
                        let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                        return (parts[0], parts.count > 1 ? parts[1] : "")
                    },
                    uniquingKeysWith: { _, last in last }),
                liveOffers: liveOffers,
                workerProcess: workerProcess,
                workerCommand: workerCommand
            )
            let result = try await run.run()
            results[mode] = result
            result.print()
        }
        if let key = results[.key], let partition = results[.partition], partition.callsPerSecond > 0 {
            print(String(format: "ratio: %.1f", key.callsPerSecond / partition.callsPerSecond))
        }
    }
}
