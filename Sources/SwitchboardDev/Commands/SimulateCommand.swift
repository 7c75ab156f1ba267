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

    @Option(help: "Port to listen on, 0 for any free port. Env SWITCHBOARD_SIM_PORT, default 8090.")
    var port: Int?

    @Option(help: "Address to listen on. Env SWITCHBOARD_SIM_HOST, default 127.0.0.1.")
    var host: String?

    @Flag(
        inversion: .prefixedNo,
        help: "Serve HTTPS (HTTP/2 + HTTP/1.1) with a self-signed certificate made at start. Env SWITCHBOARD_SIM_TLS, default off.")
    var tls: Bool?

    @Option(help: "Write the certificate authority (PEM) clients must trust to this file. Env SWITCHBOARD_SIM_CA_FILE.")
    var caFile: String?

    @Option(help: "Redirect latency: 0, 200ms, or lognormal:<median>:<sigma>. Env SWITCHBOARD_SIM_LATENCY, default 0.")
    var latency: String?

    @Option(
        help: "Random faults as kind=rate pairs, kinds 429, 503, 500, slow, reset, lost (the redirect is carried out, its answer lost), plus retry-after=<s>, slow-delay=<duration>, lost-delay=<duration>. Env SWITCHBOARD_SIM_FAULTS, default none.")
    var faults: String?

    @Option(help: "Replace scheme/host/port of callback URIs with this base URL. Env SWITCHBOARD_SIM_CALLBACK_BASE_URL, default none.")
    var callbackBaseURL: String?

    @Option(help: "The bot's calling webhook, where offered calls are delivered. Env SWITCHBOARD_SIM_NOTIFICATION_URL, default none.")
    var notificationURL: String?

    @Option(help: "The bot's app id (aud of notification tokens). Env SWITCHBOARD_SIM_BOT_APP_ID, default \(SimulatorDefaults.botAppID).")
    var botAppID: String?

    @Option(help: "How long an offered call stays redirectable. Env SWITCHBOARD_SIM_CALL_WINDOW, default 15s.")
    var callWindow: String?

    @Option(help: "Lifetime of issued access tokens. Env SWITCHBOARD_SIM_TOKEN_LIFETIME, default 3599s.")
    var tokenLifetime: String?

    @Option(help: "Delay between an accepted redirect and the terminated notification. Env SWITCHBOARD_SIM_TERMINATION_DELAY, default 1s.")
    var terminationDelay: String?

    @Option(help: "What the terminated notification says: answered, unanswered, bare, a documented CODE/SUBCODE (408/10057), a mix taken in turn (answered=6,408/10057=2,480/10076) or documented (every documented end reason). Env SWITCHBOARD_SIM_TERMINATION, default answered.")
    var termination: String?

    @Option(help: "The base URL to advertise (jwks_uri). Env SWITCHBOARD_SIM_PUBLIC_BASE_URL, default the listening URL.")
    var publicBaseURL: String?

    @Option(help: "Only issue tokens to this client id. Env SWITCHBOARD_SIM_CLIENT_ID, default any.")
    var clientID: String?

    @Option(help: "Only issue tokens for the secret in this file. Env SWITCHBOARD_SIM_CLIENT_SECRET(_FILE), default any.")
    var clientSecretFile: String?

    @Option(
        help: """
            PEM file of the app's client certificate(s): token requests may authenticate with an assertion signed by \
            its key (x5t#S256 naming it). Env SWITCHBOARD_SIM_CLIENT_CERTIFICATE_FILE, default none.
            """
    )
    var clientCertificateFile: String?

    @Option(
        help: """
            The subject federated tokens must carry (their issuer is the simulator's own, GET /simulator/federated-token). \
            Env SWITCHBOARD_SIM_FEDERATED_SUBJECT, default any.
            """
    )
    var federatedSubject: String?

    @Option(help: "Log level. Env SWITCHBOARD_LOG_LEVEL, default info.")
    var logLevel: String?

    func run() async throws {
        let environment = SettingsEnvironment.process
        var logger = Logger(label: "switchboard.simulate", factory: { label in StreamLogHandler.standardError(label: label) })
        let level = try environment.value(logLevel, "SWITCHBOARD_LOG_LEVEL", default: "info")
        guard let parsedLevel = Logger.Level(rawValue: level) else {
            throw ValidationError("log level \(level) is not one of trace, debug, info, notice, warning, error, critical")
        }
        logger.logLevel = parsedLevel

        let configuration = try simulatorConfiguration(environment)
        let simulator = try await SimulatedGraph(configuration: configuration, logger: logger)
        if let path = try environment.optionalValue(caFile, "SWITCHBOARD_SIM_CA_FILE"), let pem = simulator.certificateAuthorityPEM {
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
        func duration(_ flag: String?, _ variable: String, default fallback: String) throws -> Duration {
            let text = try environment.value(flag, variable, default: fallback)
            guard let value = SimulatedLatency.parseDuration(text) else {
                throw ValidationError("\(variable) / flag value \(text) is not a duration such as 250ms or 15s")
            }
            return value
        }
        let latencyText = try environment.value(latency, "SWITCHBOARD_SIM_LATENCY", default: "0")
        guard let latency = SimulatedLatency(parsing: latencyText) else {
            throw ValidationError("latency \(latencyText) is not 0, 200ms or lognormal:<median>:<sigma>")
        }
        let faultsText = try environment.optionalValue(faults, "SWITCHBOARD_SIM_FAULTS")
        let parsedFaults = try faultsText.map { text in
            guard let parsed = SimulatedFaults(parsing: text) else {
                throw ValidationError("faults \(text) is not a list of kind=rate pairs (429, 503, 500, slow, reset)")
            }
            return parsed
        }
        let terminationText = try environment.value(termination, "SWITCHBOARD_SIM_TERMINATION", default: "answered")
        guard let terminationMix = SimulatedTerminationMix(parsing: terminationText) else {
            throw ValidationError(
                "termination \(terminationText) is not answered, unanswered, bare, a documented CODE/SUBCODE, "
                    + "a mix of them (answered=6,408/10057=2) or documented")
        }
        var clientCertificates: [String] = []
        if let path = try environment.optionalValue(clientCertificateFile, "SWITCHBOARD_SIM_CLIENT_CERTIFICATE_FILE") {
            do {
                clientCertificates = [try String(contentsOfFile: path, encoding: .utf8)]
            } catch {
                throw ValidationError("cannot read the client certificate file \(path): \(error.localizedDescription)")
            }
        }
        return SimulatorConfiguration(
            host: try environment.value(host, "SWITCHBOARD_SIM_HOST", default: "127.0.0.1"),
            port: try environment.value(port, "SWITCHBOARD_SIM_PORT", default: 8090),
            tls: try environment.value(tls, "SWITCHBOARD_SIM_TLS", default: false),
            publicBaseURL: try environment.optionalValue(publicBaseURL, "SWITCHBOARD_SIM_PUBLIC_BASE_URL"),
            botAppID: try environment.value(botAppID, "SWITCHBOARD_SIM_BOT_APP_ID", default: SimulatorDefaults.botAppID),
            callbackBaseURL: try environment.optionalValue(callbackBaseURL, "SWITCHBOARD_SIM_CALLBACK_BASE_URL"),
            notificationURL: try environment.optionalValue(notificationURL, "SWITCHBOARD_SIM_NOTIFICATION_URL"),
            callWindow: try duration(callWindow, "SWITCHBOARD_SIM_CALL_WINDOW", default: "15s"),
            tokenLifetime: try duration(tokenLifetime, "SWITCHBOARD_SIM_TOKEN_LIFETIME", default: "3599s"),
            clientID: try environment.optionalValue(clientID, "SWITCHBOARD_SIM_CLIENT_ID"),
            clientSecret: try environment.secret(fileFlag: clientSecretFile, "SWITCHBOARD_SIM_CLIENT_SECRET"),
            clientCertificatesPEM: clientCertificates,
            federatedSubject: try environment.optionalValue(federatedSubject, "SWITCHBOARD_SIM_FEDERATED_SUBJECT"),
            latency: latency,
            faults: parsedFaults ?? .none,
            terminationDelay: try duration(terminationDelay, "SWITCHBOARD_SIM_TERMINATION_DELAY", default: "1s"),
            // A parsed mix has at least one entry (its initializer refuses an empty round).
            termination: terminationMix.round[0],
            terminationMix: terminationMix.round.count > 1 ? terminationMix : nil
        )
    }
}
