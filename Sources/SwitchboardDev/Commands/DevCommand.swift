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

    @Option(name: DevSetting.ingressPort.name, help: DevSetting.ingressPort.help)
    var ingressPort: Int?

    @Option(name: DevSetting.ingressHealthPort.name, help: DevSetting.ingressHealthPort.help)
    var ingressHealthPort: Int?

    @Option(name: DevSetting.simulatorPort.name, help: DevSetting.simulatorPort.help)
    var simulatorPort: Int?

    @Option(name: DevSetting.workerHealthPort.name, help: DevSetting.workerHealthPort.help)
    var workerHealthPort: Int?

    @Option(name: DevSetting.workers.name, help: DevSetting.workers.help)
    var workers: Int?

    @Option(name: DevSetting.rate.name, help: DevSetting.rate.help)
    var rate: Double?

    @Option(name: DevSetting.calls.name, help: DevSetting.calls.help)
    var calls: Int?

    @Option(name: DevSetting.graphLatency.name, help: DevSetting.graphLatency.help)
    var graphLatency: String?

    @Option(name: DevSetting.faults.name, help: DevSetting.faults.help)
    var faults: String?

    @Option(name: DevSetting.rulesFile.name, help: DevSetting.rulesFile.help)
    var rulesFile: String?

    @Option(name: DevSetting.whatIfRulesFile.name, help: DevSetting.whatIfRulesFile.help)
    var whatIfRulesFile: String?

    @Option(name: DevSetting.graphAPIVersion.name, help: DevSetting.graphAPIVersion.help)
    var graphAPIVersion: String?

    @Option(name: DevSetting.graphAuth.name, help: DevSetting.graphAuth.help)
    var graphAuth: DevGraphAuth?

    @Option(name: DevSetting.topicsDirectory.name, help: DevSetting.topicsDirectory.help)
    var topicsDirectory: String?

    @Option(name: DevSetting.logFile.name, help: DevSetting.logFile.help)
    var logFile: String?

    @Option(name: DevSetting.logLevel.name, help: DevSetting.logLevel.help)
    var logLevel: String?

    func run() async throws {
        let settings = try resolve(.process)
        try await DevRun(settings: settings).run()
    }

    /// The settings the flags and `SWITCHBOARD_…` variables describe; ports given as 0 get a free port.
    func resolve(_ environment: SettingsEnvironment) throws -> DevSettings {
        func port(_ flag: Int?, _ setting: Setting<Int>) throws -> Int {
            let value = try environment.value(flag, setting)
            guard (0...65535).contains(value) else { throw ValidationError("\(setting.variable): \(value) is not a port number") }
            return value == 0 ? try FreePort.pick() : value
        }
        let workers = try environment.value(self.workers, DevSetting.workers)
        guard (1...12).contains(workers) else { throw ValidationError("--workers must be between 1 and 12, got \(workers)") }
        let rate = try environment.value(self.rate, DevSetting.rate)
        guard rate > 0, rate <= 5000 else { throw ValidationError("--rate must be above 0 and at most 5000 calls/s, got \(rate)") }
        let calls = try environment.value(self.calls, DevSetting.calls)
        guard calls >= 0 else { throw ValidationError("--calls must be 0 (until Ctrl-C) or more, got \(calls)") }
        let latencyText = try environment.value(graphLatency, DevSetting.graphLatency)
        guard let latency = SimulatedLatency(parsing: latencyText) else {
            throw ValidationError("--graph-latency \(latencyText) is not 0, 200ms or lognormal:<median>:<sigma>")
        }
        let faultsText = try environment.value(faults, DevSetting.faults)
        guard let faults = faultsText.isEmpty ? SimulatedFaults.none : SimulatedFaults(parsing: faultsText) else {
            throw ValidationError("--faults \(faultsText) is not a list of kind=rate pairs such as 429=0.3,503=0.1")
        }
        let versionText = try environment.value(graphAPIVersion, DevSetting.graphAPIVersion)
        guard let version = GraphAPIVersion(rawValue: versionText) else {
            throw ValidationError("--graph-api-version \(versionText) is not v1.0 or beta")
        }
        let levelText = try environment.value(logLevel, DevSetting.logLevel)
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("log level \(levelText) is not one of trace, debug, info, notice, warning, error, critical")
        }
        let healthPort = try environment.value(workerHealthPort, DevSetting.workerHealthPort)
        guard healthPort == 0 || (1...(65535 - workers)).contains(healthPort) else {
            throw ValidationError("--worker-health-port \(healthPort) leaves no room for \(workers) workers")
        }
        let graphAuth = try environment.value(self.graphAuth, DevSetting.graphAuth)
        let settings = DevSettings(
            ingressPort: try port(ingressPort, DevSetting.ingressPort),
            ingressHealthPort: try port(ingressHealthPort, DevSetting.ingressHealthPort),
            simulatorPort: try port(simulatorPort, DevSetting.simulatorPort),
            workerHealthPort: healthPort,
            workers: workers,
            rate: rate,
            calls: calls,
            graphLatency: latency,
            faults: faults,
            rulesFile: try environment.value(rulesFile, DevSetting.rulesFile),
            whatIfRulesFile: try resolveWhatIfRules(environment),
            graphAPIVersion: version,
            graphAuth: graphAuth,
            topicsDirectory: try environment.value(topicsDirectory, DevSetting.topicsDirectory),
            logFile: try environment.value(logFile, DevSetting.logFile),
            logLevel: level
        )
        if let clash = settings.portClash {
            throw ValidationError(clash)
        }
        return settings
    }

    /// The what-if rules: the flag or variable (`none` turns it off), else the example when it exists.
    private func resolveWhatIfRules(_ environment: SettingsEnvironment) throws -> String? {
        guard let given = try environment.optional(whatIfRulesFile, DevSetting.whatIfRulesFile) else {
            let path = DevSettings.Defaults.whatIfRulesFile
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        return given == "none" ? nil : given
    }
}
