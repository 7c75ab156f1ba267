import ArgumentParser
import CallModel
import Foundation
import GraphSimulator
import Logging
import SwitchboardCLISupport

/// `switchboard-dev dev`: the whole system in one process on embedded defaults, with traffic.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run the whole system locally: embedded Kafka, simulated Graph, ingress, workers and traffic.",
        discussion: """
            No configuration and no external services: starts an embedded Kafka cluster (3 brokers) with the topics \
            of topics/, the Graph simulator, the ingress (token checks on, keys from the simulator) and two workers \
            with examples/rules.yaml; replays the three examples of Graph's call: redirect page, then offers \
            synthetic incoming calls at --rate. Shows live progress, and on Ctrl-C or once --calls are done a \
            summary: outcomes by type and rule, receive-to-outcome latency, deadline misses. Logs go to --log-file. \
            All ports are on 127.0.0.1; 0 picks a free one.
            """,
        subcommands: [DevTokenCommand.self]
    )

    @Option(help: ArgumentHelp("Ingress port (env SWITCHBOARD_DEV_INGRESS_PORT; default \(DevSettings.Defaults.ingressPort)).", valueName: "port"))
    var ingressPort: Int?

    @Option(
        help: ArgumentHelp(
            "Ingress health port: /healthz, /readyz, /metrics (env SWITCHBOARD_DEV_INGRESS_HEALTH_PORT; default \(DevSettings.Defaults.ingressHealthPort)).",
            valueName: "port"))
    var ingressHealthPort: Int?

    @Option(help: ArgumentHelp("Graph simulator port (env SWITCHBOARD_DEV_SIMULATOR_PORT; default \(DevSettings.Defaults.simulatorPort)).", valueName: "port"))
    var simulatorPort: Int?

    @Option(
        help: ArgumentHelp(
            "First worker's health port, the next workers count up (env SWITCHBOARD_DEV_WORKER_HEALTH_PORT; default \(DevSettings.Defaults.workerHealthPort)).",
            valueName: "port"))
    var workerHealthPort: Int?

    @Option(help: ArgumentHelp("Workers in the consumer group (env SWITCHBOARD_DEV_WORKERS; default \(DevSettings.Defaults.workers)).", valueName: "count"))
    var workers: Int?

    @Option(help: ArgumentHelp("Synthetic calls per second (env SWITCHBOARD_DEV_RATE; default \(Int(DevSettings.Defaults.rate))).", valueName: "calls/s"))
    var rate: Double?

    @Option(
        help: ArgumentHelp(
            "Synthetic calls to offer after the seed examples; 0 = until Ctrl-C (env SWITCHBOARD_DEV_CALLS; default \(DevSettings.Defaults.calls)).",
            valueName: "count"))
    var calls: Int?

    @Option(
        help: ArgumentHelp(
            "Simulated Graph redirect latency: 0, 200ms or lognormal:<median>:<sigma> (env SWITCHBOARD_DEV_GRAPH_LATENCY; default \(DevSettings.Defaults.graphLatency)).",
            valueName: "latency"))
    var graphLatency: String?

    @Option(
        help: ArgumentHelp(
            "Simulated Graph faults as kind=rate pairs, kinds 429, 503, 500, slow, reset, lost (the redirect is carried out, its answer lost), plus retry-after=<s>, lost-delay=<duration> (env SWITCHBOARD_DEV_FAULTS; default none).",
            valueName: "faults"))
    var faults: String?

    @Option(help: ArgumentHelp("Routing rules file (env SWITCHBOARD_DEV_RULES_FILE; default \(DevSettings.Defaults.rulesFile)).", valueName: "path"))
    var rulesFile: String?

    @Option(
        name: .customLong("what-if-rules"),
        help: ArgumentHelp(
            "Candidate rules the workers run as shadow rules and the run is replayed through at the end; none turns both off "
                + "(env SWITCHBOARD_DEV_WHAT_IF_RULES_FILE; default \(DevSettings.Defaults.whatIfRulesFile) when it exists).",
            valueName: "path"))
    var whatIfRulesFile: String?

    @Option(
        name: .customLong("graph-api-version"),
        help: ArgumentHelp("v1.0 or beta; the example rules need beta (env SWITCHBOARD_DEV_GRAPH_API_VERSION; default beta).", valueName: "version"))
    var graphAPIVersion: String?

    @Option(
        name: .customLong("graph-auth"),
        help: ArgumentHelp(
            "How workers authenticate to the simulated Entra: secret, certificate or workload-identity (env SWITCHBOARD_DEV_GRAPH_AUTH; default \(DevSettings.Defaults.graphAuth.rawValue)).",
            valueName: "mode"))
    var graphAuth: DevGraphAuth?

    @Option(
        name: .customLong("topics-dir"),
        help: ArgumentHelp(
            "Topic declarations; built-in ones are used only when it does not exist (env SWITCHBOARD_TOPICS_DIR; default \(DevSettings.Defaults.topicsDirectory)).",
            valueName: "path"))
    var topicsDirectory: String?

    @Option(help: ArgumentHelp("Log file of every component (env SWITCHBOARD_DEV_LOG_FILE; default \(DevSettings.Defaults.logFile)).", valueName: "path"))
    var logFile: String?

    @Option(help: ArgumentHelp("trace … critical (env SWITCHBOARD_LOG_LEVEL; default \(DevSettings.Defaults.logLevel)).", valueName: "level"))
    var logLevel: String?

    func run() async throws {
        let settings = try resolve(.process)
        try await DevRun(settings: settings).run()
    }

    /// The settings the flags and `SWITCHBOARD_…` variables describe; ports given as 0 get a free port.
    func resolve(_ environment: SettingsEnvironment) throws -> DevSettings {
        typealias Defaults = DevSettings.Defaults
        func port(_ flag: Int?, _ variable: String, _ fallback: Int) throws -> Int {
            let value = try environment.value(flag, variable, default: fallback)
            guard (0...65535).contains(value) else { throw ValidationError("\(variable): \(value) is not a port number") }
            return value == 0 ? try FreePort.pick() : value
        }
        let workers = try environment.value(self.workers, "SWITCHBOARD_DEV_WORKERS", default: Defaults.workers)
        guard (1...12).contains(workers) else { throw ValidationError("--workers must be between 1 and 12, got \(workers)") }
        let rate = try environment.value(self.rate, "SWITCHBOARD_DEV_RATE", default: Defaults.rate)
        guard rate > 0, rate <= 5000 else { throw ValidationError("--rate must be above 0 and at most 5000 calls/s, got \(rate)") }
        let calls = try environment.value(self.calls, "SWITCHBOARD_DEV_CALLS", default: Defaults.calls)
        guard calls >= 0 else { throw ValidationError("--calls must be 0 (until Ctrl-C) or more, got \(calls)") }
        let latencyText = try environment.value(graphLatency, "SWITCHBOARD_DEV_GRAPH_LATENCY", default: Defaults.graphLatency)
        guard let latency = SimulatedLatency(parsing: latencyText) else {
            throw ValidationError("--graph-latency \(latencyText) is not 0, 200ms or lognormal:<median>:<sigma>")
        }
        let faultsText = try environment.value(faults, "SWITCHBOARD_DEV_FAULTS", default: "")
        guard let faults = faultsText.isEmpty ? SimulatedFaults.none : SimulatedFaults(parsing: faultsText) else {
            throw ValidationError("--faults \(faultsText) is not a list of kind=rate pairs such as 429=0.3,503=0.1")
        }
        let versionText = try environment.value(graphAPIVersion, "SWITCHBOARD_DEV_GRAPH_API_VERSION", default: Defaults.graphAPIVersion)
        guard let version = GraphAPIVersion(rawValue: versionText) else {
            throw ValidationError("--graph-api-version \(versionText) is not v1.0 or beta")
        }
        let levelText = try environment.value(logLevel, "SWITCHBOARD_LOG_LEVEL", default: Defaults.logLevel)
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("log level \(levelText) is not one of trace, debug, info, notice, warning, error, critical")
        }
        let healthPort = try environment.value(workerHealthPort, "SWITCHBOARD_DEV_WORKER_HEALTH_PORT", default: Defaults.workerHealthPort)
        guard healthPort == 0 || (1...(65535 - workers)).contains(healthPort) else {
            throw ValidationError("--worker-health-port \(healthPort) leaves no room for \(workers) workers")
        }
        let graphAuth = try environment.value(self.graphAuth, "SWITCHBOARD_DEV_GRAPH_AUTH", default: Defaults.graphAuth)
        return DevSettings(
            ingressPort: try port(ingressPort, "SWITCHBOARD_DEV_INGRESS_PORT", Defaults.ingressPort),
            ingressHealthPort: try port(ingressHealthPort, "SWITCHBOARD_DEV_INGRESS_HEALTH_PORT", Defaults.ingressHealthPort),
            simulatorPort: try port(simulatorPort, "SWITCHBOARD_DEV_SIMULATOR_PORT", Defaults.simulatorPort),
            workerHealthPort: healthPort,
            workers: workers,
            rate: rate,
            calls: calls,
            graphLatency: latency,
            faults: faults,
            rulesFile: try environment.value(rulesFile, "SWITCHBOARD_DEV_RULES_FILE", default: Defaults.rulesFile),
            whatIfRulesFile: try resolveWhatIfRules(environment),
            graphAPIVersion: version,
            graphAuth: graphAuth,
            topicsDirectory: try environment.value(topicsDirectory, "SWITCHBOARD_TOPICS_DIR", default: Defaults.topicsDirectory),
            logFile: try environment.value(logFile, "SWITCHBOARD_DEV_LOG_FILE", default: Defaults.logFile),
            logLevel: level
        )
    }

    /// The what-if rules: the flag or variable (`none` turns it off), else the example when it exists.
    private func resolveWhatIfRules(_ environment: SettingsEnvironment) throws -> String? {
        guard let given = try environment.optionalValue(whatIfRulesFile, "SWITCHBOARD_DEV_WHAT_IF_RULES_FILE") else {
            let path = DevSettings.Defaults.whatIfRulesFile
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        return given == "none" ? nil : given
    }
}
