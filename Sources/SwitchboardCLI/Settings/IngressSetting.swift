import Ingress
import SwitchboardCLISupport

/// The settings of `switchboard ingress`; each default is ``IngressApplicationConfiguration``'s.
enum IngressSetting {
    private static let defaults = IngressApplicationConfiguration()
    private static let tokens = defaults.authentication
    private static let limits = defaults.connections

    static let host = Setting(
        flag: "host", variable: "SWITCHBOARD_HTTP_HOST", default: defaults.host, abstract: "Listen address", valueName: "address")
    static let port = Setting(
        flag: "port", variable: "SWITCHBOARD_HTTP_PORT", default: defaults.port, abstract: "Webhook port; 0 picks a free one",
        valueName: "port")
    static let healthPort = Setting(
        flag: "health-port", variable: "SWITCHBOARD_HEALTH_PORT", default: defaults.healthPort,
        abstract: "Port of /healthz, /readyz and /metrics", valueName: "port")
    static let notificationsTopic = Setting(
        flag: "notifications-topic", variable: "SWITCHBOARD_NOTIFICATIONS_TOPIC", default: defaults.notificationsTopic,
        abstract: "Topic notifications are stored in", valueName: "topic")
    static let botAppID = Setting<String?>(
        flag: "bot-app-id", variable: "SWITCHBOARD_BOT_APP_ID", defaultText: "required unless auth is off",
        abstract: "The bot's Microsoft app id, the tokens' audience", valueName: "id")
    static let openIDMetadataURL = Setting(
        flag: "openid-metadata-url", variable: "SWITCHBOARD_OPENID_METADATA_URL", default: tokens.openIDMetadataURL,
        abstract: "OpenID metadata naming the token signing keys (https)", valueName: "url")
    static let allowedIssuers = Setting.list(
        flag: "allowed-issuer", variable: "SWITCHBOARD_ALLOWED_ISSUERS", default: IngressDefaults.allowedIssuers,
        defaultText: IngressDefaults.allowedIssuers.joined(separator: " and "),
        abstract: "An accepted token issuer (Microsoft's calling samples also accept \(IngressDefaults.graphIssuer))",
        valueName: "issuer")
    static let allowedTenants = Setting.list(
        flag: "allowed-tenant", variable: "SWITCHBOARD_GRAPH_TENANTS", defaultText: "every tenant",
        abstract: "A tenant id whose notifications are accepted, others get 403", valueName: "tenant-id")
    static let clockLeeway = Setting.duration(
        flag: "clock-leeway", variable: "SWITCHBOARD_CLOCK_LEEWAY", default: tokens.clockLeeway,
        abstract: "Clock skew tolerated on exp/nbf (at most 5m)")
    static let keyRefreshInterval = Setting.duration(
        flag: "jwks-refresh-interval", variable: "SWITCHBOARD_JWKS_REFRESH_INTERVAL", default: tokens.keyRefreshInterval,
        abstract: "Time between signing key refreshes (at least 1m)")
    static let maxKeyAge = Setting.duration(
        flag: "max-key-age", variable: "SWITCHBOARD_MAX_KEY_AGE", default: tokens.maxKeyAge,
        abstract: "Longest use of signing keys the key endpoint fails to refresh; then not ready")
    static let maxBodyBytes = Setting(
        flag: "max-body-bytes", variable: "SWITCHBOARD_MAX_BODY_BYTES", default: defaults.maxBodyBytes,
        abstract: "Largest accepted body; larger gets 413", valueName: "bytes")
    static let produceTimeout = Setting.duration(
        flag: "produce-timeout", variable: "SWITCHBOARD_PRODUCE_TIMEOUT", default: defaults.produceTimeout,
        abstract: "Time to wait for Kafka before answering 503")
    static let drainTimeout = Setting.duration(
        flag: "drain-timeout", variable: "SWITCHBOARD_DRAIN_TIMEOUT", default: defaults.shutdownFlushTimeout,
        abstract: "At shutdown, how long records still with the producer may take to be stored")
    static let maxNotificationsPerBody = Setting(
        flag: "max-notifications-per-body", variable: "SWITCHBOARD_MAX_NOTIFICATIONS_PER_BODY",
        default: defaults.maxNotificationsPerBody, abstract: "Most notifications in one body; more get 413", valueName: "count")
    static let maxCallsPerBody = Setting(
        flag: "max-calls-per-body", variable: "SWITCHBOARD_MAX_CALLS_PER_BODY", default: defaults.maxCallsPerBody,
        abstract: "Most distinct calls one body may name; more get 413", valueName: "count")
    static let produceConcurrency = Setting(
        flag: "produce-concurrency", variable: "SWITCHBOARD_PRODUCE_CONCURRENCY", default: defaults.produceConcurrency,
        abstract: "Records of one body produced at once", valueName: "count")
    static let idleTimeout = Setting.duration(
        flag: "idle-timeout", variable: "SWITCHBOARD_IDLE_TIMEOUT", default: limits.idleTimeout,
        abstract: "Close a connection idle this long")
    static let requestHeadTimeout = Setting.duration(
        flag: "request-head-timeout", variable: "SWITCHBOARD_REQUEST_HEAD_TIMEOUT", default: limits.requestHeadTimeout,
        abstract: "Time for a request's head to arrive; then 408 and close")
    static let requestBodyTimeout = Setting.duration(
        flag: "request-body-timeout", variable: "SWITCHBOARD_REQUEST_BODY_TIMEOUT", default: limits.requestBodyTimeout,
        abstract: "Time for a request's body to arrive; then 408 and close")
    static let maxConnections = Setting(
        flag: "max-connections", variable: "SWITCHBOARD_MAX_CONNECTIONS", default: limits.maxConnections,
        abstract: "Most open connections; more wait in the backlog", valueName: "count")
    static let maxInFlight = Setting(
        flag: "max-in-flight", variable: "SWITCHBOARD_MAX_IN_FLIGHT", default: defaults.maxInFlight,
        abstract: "Most notifications held at once; past it 503", valueName: "count")
    static let insecureDisableAuth = Setting.toggle(
        flag: "insecure-disable-auth", variable: "SWITCHBOARD_INSECURE_DISABLE_AUTH",
        abstract: "Accept notifications without checking their token; local development only")

    /// The command's own settings, in `--help`'s order (logging and Kafka follow).
    static let rows: [SettingRow] = [
        host.row, port.row, healthPort.row, notificationsTopic.row, botAppID.row, openIDMetadataURL.row, allowedIssuers.row,
        allowedTenants.row, clockLeeway.row, keyRefreshInterval.row, maxBodyBytes.row, produceTimeout.row, drainTimeout.row,
        maxNotificationsPerBody.row, maxCallsPerBody.row, produceConcurrency.row, idleTimeout.row, requestHeadTimeout.row,
        requestBodyTimeout.row, maxConnections.row, maxKeyAge.row, maxInFlight.row, insecureDisableAuth.row,
    ]
}
