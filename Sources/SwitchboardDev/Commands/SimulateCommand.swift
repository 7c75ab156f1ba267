import ArgumentParser
import Foundation
import GraphSimulator
import Logging
import ServiceLifecycle
import SwitchboardCLISupport

/// `switchboard-dev simulate`: the Graph simulator as a process, for `switchboard-dev dev`, end-to-end
/// tests and benchmarks.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the simulated Microsoft Graph (tokens, call: redirect, signed notifications).",
        discussion: """
            Prints its base URL as the first line of standard output, then serves until SIGINT or SIGTERM. \
            Point the Graph client's base URL and authority at it, and the ingress's OpenID metadata URL at \
            <base>/v1/.well-known/OpenIdConfiguration.

            Control API (JSON): POST /simulator/calls (offer a call: {"seedScenario": 1} or {"callId", \
            "tenantId", "caller": {"kind", "id"}, "targets": [...], "callbackUri", "deliver": true, "deliverTo"}), \
            GET /simulator/requests[?callId=], DELETE /simulator/requests, GET /simulator/stats, \
            GET|PUT /simulator/faults ({"faults", "latency", "script"}), DELETE /simulator/tokens, \
            GET /simulator/token?tenant=, GET /simulator/federated-token?subject=&lifetime=, GET /simulator/certificate.
            """
    )

    @Option(name: ToolingSetting.simulatorPort.name, help: ToolingSetting.simulatorPort.help)
    var port: Int?

    @Option(name: ToolingSetting.simulatorHost.name, help: ToolingSetting.simulatorHost.help)
    var host: String?

    @Flag(name: ToolingSetting.simulatorTLS.name, inversion: .prefixedNo, help: ToolingSetting.simulatorTLS.help)
    var tls: Bool?

    @Option(name: ToolingSetting.simulatorCAFile.name, help: ToolingSetting.simulatorCAFile.help)
    var caFile: String?

    @Option(name: ToolingSetting.simulatorLatency.name, help: ToolingSetting.simulatorLatency.help)
    var latency: String?

    @Option(name: ToolingSetting.simulatorFaults.name, help: ToolingSetting.simulatorFaults.help)
    var faults: String?

    @Option(name: ToolingSetting.simulatorCallbackBaseURL.name, help: ToolingSetting.simulatorCallbackBaseURL.help)
    var callbackBaseURL: String?

    @Option(name: ToolingSetting.simulatorNotificationURL.name, help: ToolingSetting.simulatorNotificationURL.help)
    var notificationURL: String?

    @Option(name: ToolingSetting.simulatorBotAppID.name, help: ToolingSetting.simulatorBotAppID.help)
    var botAppID: String?

    @Option(name: ToolingSetting.simulatorCallWindow.name, help: ToolingSetting.simulatorCallWindow.help)
    var callWindow: String?

    @Option(name: ToolingSetting.simulatorTokenLifetime.name, help: ToolingSetting.simulatorTokenLifetime.help)
    var tokenLifetime: String?

    @Option(name: ToolingSetting.simulatorTerminationDelay.name, help: ToolingSetting.simulatorTerminationDelay.help)
    var terminationDelay: String?

    @Option(name: ToolingSetting.simulatorTermination.name, help: ToolingSetting.simulatorTermination.help)
    var termination: String?

    @Option(name: ToolingSetting.simulatorPublicBaseURL.name, help: ToolingSetting.simulatorPublicBaseURL.help)
    var publicBaseURL: String?

    @Option(name: ToolingSetting.simulatorClientID.name, help: ToolingSetting.simulatorClientID.help)
    var clientID: String?

    @Option(name: ToolingSetting.simulatorClientSecretFile.name, help: ToolingSetting.simulatorClientSecretFile.help)
    var clientSecretFile: String?

    @Option(name: ToolingSetting.simulatorClientCertificateFile.name, help: ToolingSetting.simulatorClientCertificateFile.help)
    var clientCertificateFile: String?

    @Option(name: ToolingSetting.simulatorFederatedSubject.name, help: ToolingSetting.simulatorFederatedSubject.help)
    var federatedSubject: String?

    @Option(name: ToolingSetting.simulatorLogLevel.name, help: ToolingSetting.simulatorLogLevel.help)
    var logLevel: String?

    func run() async throws {
        let environment = SettingsEnvironment.process
        var logger = Logger(label: "switchboard.simulate", factory: { label in StreamLogHandler.standardError(label: label) })
        let level = try environment.value(logLevel, ToolingSetting.simulatorLogLevel)
        guard let parsedLevel = Logger.Level(rawValue: level) else {
            throw ValidationError("log level \(level) is not one of trace, debug, info, notice, warning, error, critical")
        }
        logger.logLevel = parsedLevel

        let configuration = try simulatorConfiguration(environment)
        let simulator = try await SimulatedGraph(configuration: configuration, logger: logger)
        if let path = try environment.optional(caFile, ToolingSetting.simulatorCAFile), let pem = simulator.certificateAuthorityPEM {
            try pem.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let group = ServiceGroup(
            configuration: .init(services: [simulator], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let address = try await simulator.waitUntilRunning()
            // Unbuffered, so a parent process reading the first line sees it at once.
            FileHandle.standardOutput.write(Data((address.baseURL + "\n").utf8))
            try await tasks.waitForAll()
        }
    }

    private func simulatorConfiguration(_ environment: SettingsEnvironment) throws -> SimulatorConfiguration {
        func duration(_ flag: String?, _ setting: Setting<String>) throws -> Duration {
            let variable = setting.variable
            let text = try environment.value(flag, setting)
            guard let value = SimulatedLatency.parseDuration(text) else {
                throw ValidationError("\(variable) / flag value \(text) is not a duration such as 250ms or 15s")
            }
            return value
        }
        let latencyText = try environment.value(latency, ToolingSetting.simulatorLatency)
        guard let latency = SimulatedLatency(parsing: latencyText) else {
            throw ValidationError("latency \(latencyText) is not 0, 200ms or lognormal:<median>:<sigma>")
        }
        let faultsText = try environment.optional(faults, ToolingSetting.simulatorFaults)
        let parsedFaults = try faultsText.map { text in
            guard let parsed = SimulatedFaults(parsing: text) else {
                throw ValidationError("faults \(text) is not a list of kind=rate pairs (429, 503, 500, slow, reset)")
            }
            return parsed
        }
        let terminationText = try environment.value(termination, ToolingSetting.simulatorTermination)
        guard let terminationMix = SimulatedTerminationMix(parsing: terminationText) else {
            throw ValidationError(
                "termination \(terminationText) is not answered, unanswered, bare, a documented CODE/SUBCODE, "
                    + "a mix of them (answered=6,408/10057=2) or documented")
        }
        var clientCertificates: [String] = []
        if let path = try environment.optional(clientCertificateFile, ToolingSetting.simulatorClientCertificateFile) {
            do {
                clientCertificates = [try String(contentsOfFile: path, encoding: .utf8)]
            } catch {
                throw ValidationError("cannot read the client certificate file \(path): \(error.localizedDescription)")
            }
        }
        return SimulatorConfiguration(
            host: try environment.value(host, ToolingSetting.simulatorHost),
            port: try environment.value(port, ToolingSetting.simulatorPort),
            tls: try environment.value(tls, ToolingSetting.simulatorTLS),
            publicBaseURL: try environment.optional(publicBaseURL, ToolingSetting.simulatorPublicBaseURL),
            botAppID: try environment.value(botAppID, ToolingSetting.simulatorBotAppID),
            callbackBaseURL: try environment.optional(callbackBaseURL, ToolingSetting.simulatorCallbackBaseURL),
            notificationURL: try environment.optional(notificationURL, ToolingSetting.simulatorNotificationURL),
            callWindow: try duration(callWindow, ToolingSetting.simulatorCallWindow),
            tokenLifetime: try duration(tokenLifetime, ToolingSetting.simulatorTokenLifetime),
            clientID: try environment.optional(clientID, ToolingSetting.simulatorClientID),
            clientSecret: try environment.secret(
                fileFlag: clientSecretFile, file: ToolingSetting.simulatorClientSecretFile, value: ToolingSetting.simulatorClientSecret),
            clientCertificatesPEM: clientCertificates,
            federatedSubject: try environment.optional(federatedSubject, ToolingSetting.simulatorFederatedSubject),
            latency: latency,
            faults: parsedFaults ?? .none,
            terminationDelay: try duration(terminationDelay, ToolingSetting.simulatorTerminationDelay),
            // A parsed mix has at least one entry (its initializer refuses an empty round).
            termination: terminationMix.round[0],
            terminationMix: terminationMix.round.count > 1 ? terminationMix : nil
        )
    }
}
