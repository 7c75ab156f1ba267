import ArgumentParser
import Foundation
import Ingress
import Kafka
import Logging
import Observability
import Prometheus
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

    @Option(name: .customLong("host"), help: ArgumentHelp("Listen address (env SWITCHBOARD_HTTP_HOST; default 0.0.0.0).", valueName: "address"))
    var host: String?

    @Option(name: .customLong("port"), help: ArgumentHelp("Listen port (env SWITCHBOARD_HTTP_PORT; default 8080).", valueName: "port"))
    var port: Int?

    @Option(
        name: .customLong("health-port"),
        help: ArgumentHelp(
            "Port of /healthz, /readyz and /metrics (env SWITCHBOARD_HEALTH_PORT; default \(IngressDefaults.healthPort)).",
            valueName: "port"
        )
    )
    var healthPort: Int?

    @Option(
        name: .customLong("notifications-topic"),
        help: ArgumentHelp("Topic notifications are stored in (env SWITCHBOARD_NOTIFICATIONS_TOPIC; default calls.notifications).", valueName: "topic")
    )
    var notificationsTopic: String?

    @Option(
        name: .customLong("bot-app-id"),
        help: ArgumentHelp("The bot's Microsoft app id, the tokens' audience (env SWITCHBOARD_BOT_APP_ID; required unless auth is off).", valueName: "id")
    )
    var botAppID: String?

    @Option(
        name: .customLong("openid-metadata-url"),
        help: ArgumentHelp(
            "OpenID metadata naming the token signing keys (env SWITCHBOARD_OPENID_METADATA_URL; default \(IngressDefaults.openIDMetadataURL)).",
            valueName: "url"
        )
    )
    var openIDMetadataURL: String?

    @Option(
        name: .customLong("allowed-issuer"),
        help: ArgumentHelp(
            "An accepted token issuer; repeatable (env SWITCHBOARD_ALLOWED_ISSUERS, comma-separated; default \(IngressDefaults.allowedIssuers.joined(separator: " and "))).",
            valueName: "issuer"
        )
    )
    var allowedIssuers: [String] = []

    @Option(
        name: .customLong("allowed-tenant"),
        help: ArgumentHelp(
            "A tenant id whose notifications are accepted, others get 403; repeatable (env SWITCHBOARD_GRAPH_TENANTS, comma-separated; default every tenant).",
            valueName: "tenant-id"
        )
    )
    var allowedTenants: [String] = []

    @Option(
        name: .customLong("clock-leeway"),
        help: ArgumentHelp("Clock skew tolerated on exp/nbf (env SWITCHBOARD_CLOCK_LEEWAY; default 60s).", valueName: "duration")
    )
    var clockLeeway: String?

    @Option(
        name: .customLong("jwks-refresh-interval"),
        help: ArgumentHelp("Time between signing key refreshes (env SWITCHBOARD_JWKS_REFRESH_INTERVAL; default 1h).", valueName: "duration")
    )
    var keyRefreshInterval: String?

    @Option(
        name: .customLong("max-body-bytes"),
        help: ArgumentHelp("Largest accepted body; larger gets 413 (env SWITCHBOARD_MAX_BODY_BYTES; default 262144).", valueName: "bytes")
    )
    var maxBodyBytes: Int?

    @Option(
        name: .customLong("produce-timeout"),
        help: ArgumentHelp("Time to wait for Kafka before answering 503 (env SWITCHBOARD_PRODUCE_TIMEOUT; default 2s).", valueName: "duration")
    )
    var produceTimeout: String?

    @Option(
        name: .customLong("drain-timeout"),
        help: ArgumentHelp(
            "At shutdown, how long records still with the producer may take to be stored (env SWITCHBOARD_DRAIN_TIMEOUT; default 10s).",
            valueName: "duration"
        )
    )
    var drainTimeout: String?

    @Option(
        name: .customLong("max-notifications-per-body"),
        help: ArgumentHelp(
            "Most notifications in one body; more get 413 (env SWITCHBOARD_MAX_NOTIFICATIONS_PER_BODY; default \(IngressDefaults.maxNotificationsPerBody)).",
            valueName: "count"
        )
    )
    var maxNotificationsPerBody: Int?

    @Option(
        name: .customLong("max-calls-per-body"),
        help: ArgumentHelp(
            "Most distinct calls one body may name; more get 413 (env SWITCHBOARD_MAX_CALLS_PER_BODY; default \(IngressDefaults.maxCallsPerBody)).",
            valueName: "count"
        )
    )
    var maxCallsPerBody: Int?

    @Option(
        name: .customLong("produce-concurrency"),
        help: ArgumentHelp(
            "Records of one body produced at once (env SWITCHBOARD_PRODUCE_CONCURRENCY; default \(IngressDefaults.produceConcurrency)).",
            valueName: "count"
        )
    )
    var produceConcurrency: Int?

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp("Close a connection idle this long (env SWITCHBOARD_IDLE_TIMEOUT; default 30s).", valueName: "duration")
    )
    var idleTimeout: String?

    @Option(
        name: .customLong("request-head-timeout"),
        help: ArgumentHelp(
            "Time for a request's head to arrive; then 408 and close (env SWITCHBOARD_REQUEST_HEAD_TIMEOUT; default 5s).",
            valueName: "duration"
        )
    )
    var requestHeadTimeout: String?

    @Option(
        name: .customLong("request-body-timeout"),
        help: ArgumentHelp(
            "Time for a request's body to arrive; then 408 and close (env SWITCHBOARD_REQUEST_BODY_TIMEOUT; default 5s).",
            valueName: "duration"
        )
    )
    var requestBodyTimeout: String?

    @Option(
        name: .customLong("max-connections"),
        help: ArgumentHelp("Most open connections; more wait in the backlog (env SWITCHBOARD_MAX_CONNECTIONS; default 2048).", valueName: "count")
    )
    var maxConnections: Int?

    @Option(
        name: .customLong("max-key-age"),
        help: ArgumentHelp(
            "Longest use of signing keys the key endpoint fails to refresh; then not ready (env SWITCHBOARD_MAX_KEY_AGE; default 24h).",
            valueName: "duration"
        )
    )
    var maxKeyAge: String?

    @Option(
        name: .customLong("max-in-flight"),
        help: ArgumentHelp("Most notifications held at once; past it 503 (env SWITCHBOARD_MAX_IN_FLIGHT; default 1024).", valueName: "count")
    )
    var maxInFlight: Int?

    @Flag(
        name: .customLong("insecure-disable-auth"),
        help: "Accept notifications without checking their token. Local development only (env SWITCHBOARD_INSECURE_DISABLE_AUTH=true)."
    )
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
        let disableAuth = try insecureDisableAuth || environment.value(nil as Bool?, "SWITCHBOARD_INSECURE_DISABLE_AUTH", default: false)
        let botAppID = try environment.optionalValue(self.botAppID, "SWITCHBOARD_BOT_APP_ID")
        if !disableAuth && botAppID == nil {
            throw ValidationError(
                "set the bot's app id with --bot-app-id or SWITCHBOARD_BOT_APP_ID (or, for local development only, --insecure-disable-auth)"
            )
        }
        let authentication = TokenValidationConfiguration(
            isEnabled: !disableAuth,
            botAppID: botAppID ?? "",
            openIDMetadataURL: try environment.value(openIDMetadataURL, "SWITCHBOARD_OPENID_METADATA_URL", default: IngressDefaults.openIDMetadataURL),
            allowedIssuers: Set(environment.list(allowedIssuers, "SWITCHBOARD_ALLOWED_ISSUERS", default: IngressDefaults.allowedIssuers)),
            allowedTenants: Set(environment.list(allowedTenants, "SWITCHBOARD_GRAPH_TENANTS")),
            clockLeeway: try environment.duration(clockLeeway, flag: "--clock-leeway", "SWITCHBOARD_CLOCK_LEEWAY", default: "60s"),
            keyRefreshInterval: try environment.duration(
                keyRefreshInterval, flag: "--jwks-refresh-interval", "SWITCHBOARD_JWKS_REFRESH_INTERVAL", default: "1h"
            ),
            maxKeyAge: try environment.duration(maxKeyAge, flag: "--max-key-age", "SWITCHBOARD_MAX_KEY_AGE", default: "24h")
        )
        let connections = IngressConnectionLimits(
            idleTimeout: try environment.duration(idleTimeout, flag: "--idle-timeout", "SWITCHBOARD_IDLE_TIMEOUT", default: "30s"),
            requestHeadTimeout: try environment.duration(
                requestHeadTimeout, flag: "--request-head-timeout", "SWITCHBOARD_REQUEST_HEAD_TIMEOUT", default: "5s"),
            requestBodyTimeout: try environment.duration(
                requestBodyTimeout, flag: "--request-body-timeout", "SWITCHBOARD_REQUEST_BODY_TIMEOUT", default: "5s"),
            maxConnections: try environment.value(maxConnections, "SWITCHBOARD_MAX_CONNECTIONS", default: 2048)
        )
        let producer = IngressApplicationConfiguration.producerConfiguration(
            client: try kafka.clientConfiguration(clientID: "switchboard-ingress", environment: environment)
        )
        return IngressApplicationConfiguration(
            host: try environment.value(host, "SWITCHBOARD_HTTP_HOST", default: "0.0.0.0"),
            port: try environment.value(port, "SWITCHBOARD_HTTP_PORT", default: IngressDefaults.port),
            healthPort: try environment.value(healthPort, "SWITCHBOARD_HEALTH_PORT", default: IngressDefaults.healthPort),
            notificationsTopic: try environment.value(notificationsTopic, "SWITCHBOARD_NOTIFICATIONS_TOPIC", default: IngressDefaults.notificationsTopic),
            authentication: authentication,
            maxBodyBytes: try environment.value(maxBodyBytes, "SWITCHBOARD_MAX_BODY_BYTES", default: IngressDefaults.maxBodyBytes),
            produceTimeout: try environment.duration(produceTimeout, flag: "--produce-timeout", "SWITCHBOARD_PRODUCE_TIMEOUT", default: "2s"),
            maxInFlight: try environment.value(maxInFlight, "SWITCHBOARD_MAX_IN_FLIGHT", default: 1024),
            shutdownFlushTimeout: try environment.duration(drainTimeout, flag: "--drain-timeout", "SWITCHBOARD_DRAIN_TIMEOUT", default: "10s"),
            maxNotificationsPerBody: try environment.value(
                maxNotificationsPerBody, "SWITCHBOARD_MAX_NOTIFICATIONS_PER_BODY", default: IngressDefaults.maxNotificationsPerBody),
            maxCallsPerBody: try environment.value(maxCallsPerBody, "SWITCHBOARD_MAX_CALLS_PER_BODY", default: IngressDefaults.maxCallsPerBody),
            produceConcurrency: try environment.value(
                produceConcurrency, "SWITCHBOARD_PRODUCE_CONCURRENCY", default: IngressDefaults.produceConcurrency),
            connections: connections,
            kafka: producer
        )
    }
}
