import ArgumentParser
import Foundation
import Ingress
import Kafka
import Logging
import Observability
import ServiceLifecycle
import SwitchboardCLISupport

/// `switchboard ingress`: Graph's webhook, storing every notification in Kafka before it answers 202.
struct IngressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingress",
        abstract: "Run the HTTP ingress: Graph's calling webhook in front of the notifications topic.",
        discussion: """
            Serves POST /api/calls and /api/calls/... (per-call callback URIs) on --port, and /healthz, /readyz and \
            /metrics on --health-port. Prints the webhook's URL (http://host:port, the bound port with --port 0) as \
            the first line of standard output and the health URL as the second. \
            A notification is answered 202 only once Kafka stored it; 503 with Retry-After when it cannot be \
            stored in time. Stops gracefully on SIGTERM or SIGINT: no new connections, requests in flight \
            finish, the producer is flushed.
            """
    )

    @Option(name: IngressSetting.host.name, help: IngressSetting.host.help)
    var host: String?

    @Option(name: IngressSetting.port.name, help: IngressSetting.port.help)
    var port: Int?

    @Option(name: IngressSetting.healthPort.name, help: IngressSetting.healthPort.help)
    var healthPort: Int?

    @Option(name: IngressSetting.notificationsTopic.name, help: IngressSetting.notificationsTopic.help)
    var notificationsTopic: String?

    @Option(name: IngressSetting.botAppID.name, help: IngressSetting.botAppID.help)
    var botAppID: String?

    @Option(name: IngressSetting.openIDMetadataURL.name, help: IngressSetting.openIDMetadataURL.help)
    var openIDMetadataURL: String?

    @Option(name: IngressSetting.allowedIssuers.name, help: IngressSetting.allowedIssuers.help)
    var allowedIssuers: [String] = []

    @Option(name: IngressSetting.allowedTenants.name, help: IngressSetting.allowedTenants.help)
    var allowedTenants: [String] = []

    @Option(name: IngressSetting.clockLeeway.name, help: IngressSetting.clockLeeway.help)
    var clockLeeway: String?

    @Option(name: IngressSetting.keyRefreshInterval.name, help: IngressSetting.keyRefreshInterval.help)
    var keyRefreshInterval: String?

    @Option(name: IngressSetting.maxBodyBytes.name, help: IngressSetting.maxBodyBytes.help)
    var maxBodyBytes: Int?

    @Option(name: IngressSetting.produceTimeout.name, help: IngressSetting.produceTimeout.help)
    var produceTimeout: String?

    @Option(name: IngressSetting.drainTimeout.name, help: IngressSetting.drainTimeout.help)
    var drainTimeout: String?

    @Option(name: IngressSetting.maxNotificationsPerBody.name, help: IngressSetting.maxNotificationsPerBody.help)
    var maxNotificationsPerBody: Int?

    @Option(name: IngressSetting.maxCallsPerBody.name, help: IngressSetting.maxCallsPerBody.help)
    var maxCallsPerBody: Int?

    @Option(name: IngressSetting.produceConcurrency.name, help: IngressSetting.produceConcurrency.help)
    var produceConcurrency: Int?

    @Option(name: IngressSetting.idleTimeout.name, help: IngressSetting.idleTimeout.help)
    var idleTimeout: String?

    @Option(name: IngressSetting.requestHeadTimeout.name, help: IngressSetting.requestHeadTimeout.help)
    var requestHeadTimeout: String?

    @Option(name: IngressSetting.requestBodyTimeout.name, help: IngressSetting.requestBodyTimeout.help)
    var requestBodyTimeout: String?

    @Option(name: IngressSetting.maxConnections.name, help: IngressSetting.maxConnections.help)
    var maxConnections: Int?

    @Option(name: IngressSetting.maxKeyAge.name, help: IngressSetting.maxKeyAge.help)
    var maxKeyAge: String?

    @Option(name: IngressSetting.maxInFlight.name, help: IngressSetting.maxInFlight.help)
    var maxInFlight: Int?

    @Flag(name: IngressSetting.insecureDisableAuth.name, help: IngressSetting.insecureDisableAuth.help)
    var insecureDisableAuth = false

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var kafka: KafkaOptions

    func run() async throws {
        let environment = SettingsEnvironment.process
        let (logLevel, logFormat) = try logging.resolve(environment, standardErrorIsTerminal: LoggingOptions.standardErrorIsTerminal)
        LoggingSystem.bootstrap(logFormat.handlerFactory(level: logLevel))
        let logger = Logger(label: "switchboard.ingress")

        let configuration = try ingressConfiguration(environment: environment)
        let tracing = try TracingBootstrap.bootstrap(serviceName: "switchboard-ingress", environment: environment.variables)
        let ingress: IngressApplication
        do {
            ingress = try IngressApplication(
                configuration: configuration,
                logger: logger,
                onServerRunning: { [host = configuration.host] ports in
                    // The first line of stdout is the webhook's URL from this machine (the bound port
                    // with --port 0), the second the health URL; unbuffered for a parent process waiting.
                    let reachable = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
                    FileHandle.standardOutput.write(Data("http://\(reachable):\(ports.webhook)\nhttp://\(reachable):\(ports.health)\n".utf8))
                }
            )
        } catch let error as IngressConfigurationError {
            throw ValidationError(error.description)
        }
        // The tracer starts first and stops last, so the ingress's last spans are exported.
        try await ingress.run(first: tracing.map { [$0] } ?? [])
    }

    /// The configuration the flags and `SWITCHBOARD_…` variables describe.
    func ingressConfiguration(environment: SettingsEnvironment) throws -> IngressApplicationConfiguration {
        let disableAuth = try insecureDisableAuth || environment.value(nil, IngressSetting.insecureDisableAuth)
        let botAppID = try environment.optional(self.botAppID, IngressSetting.botAppID)
        if !disableAuth && botAppID == nil {
            throw ValidationError(
                "set the bot's app id with \(IngressSetting.botAppID.option) or \(IngressSetting.botAppID.variable) "
                    + "(or, for local development only, \(IngressSetting.insecureDisableAuth.option))"
            )
        }
        let authentication = TokenValidationConfiguration(
            isEnabled: !disableAuth,
            botAppID: botAppID ?? "",
            openIDMetadataURL: try environment.value(openIDMetadataURL, IngressSetting.openIDMetadataURL),
            allowedIssuers: Set(environment.list(allowedIssuers, IngressSetting.allowedIssuers)),
            allowedTenants: Set(environment.list(allowedTenants, IngressSetting.allowedTenants)),
            clockLeeway: try environment.value(text: clockLeeway, IngressSetting.clockLeeway),
            keyRefreshInterval: try environment.value(text: keyRefreshInterval, IngressSetting.keyRefreshInterval),
            maxKeyAge: try environment.value(text: maxKeyAge, IngressSetting.maxKeyAge)
        )
        let connections = IngressConnectionLimits(
            idleTimeout: try environment.value(text: idleTimeout, IngressSetting.idleTimeout),
            requestHeadTimeout: try environment.value(text: requestHeadTimeout, IngressSetting.requestHeadTimeout),
            requestBodyTimeout: try environment.value(text: requestBodyTimeout, IngressSetting.requestBodyTimeout),
            maxConnections: try environment.value(maxConnections, IngressSetting.maxConnections)
        )
        let producer = IngressApplicationConfiguration.producerConfiguration(
            client: try kafka.clientConfiguration(clientID: "switchboard-ingress", environment: environment)
        )
        return IngressApplicationConfiguration(
            host: try environment.value(host, IngressSetting.host),
            port: try environment.value(port, IngressSetting.port),
            healthPort: try environment.value(healthPort, IngressSetting.healthPort),
            notificationsTopic: try environment.value(notificationsTopic, IngressSetting.notificationsTopic),
            authentication: authentication,
            maxBodyBytes: try environment.value(maxBodyBytes, IngressSetting.maxBodyBytes),
            produceTimeout: try environment.value(text: produceTimeout, IngressSetting.produceTimeout),
            maxInFlight: try environment.value(maxInFlight, IngressSetting.maxInFlight),
            shutdownFlushTimeout: try environment.value(text: drainTimeout, IngressSetting.drainTimeout),
            maxNotificationsPerBody: try environment.value(maxNotificationsPerBody, IngressSetting.maxNotificationsPerBody),
            maxCallsPerBody: try environment.value(maxCallsPerBody, IngressSetting.maxCallsPerBody),
            produceConcurrency: try environment.value(produceConcurrency, IngressSetting.produceConcurrency),
            connections: connections,
            kafka: producer
        )
    }
}
