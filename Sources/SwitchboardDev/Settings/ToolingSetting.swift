import GraphSimulator
import SwitchboardCLISupport

/// The settings of `switchboard-dev simulate`, `kafka-mock` and `bench ingress`.
enum ToolingSetting {
    static let simulatorPort = Setting(
        flag: "port", variable: "SWITCHBOARD_SIM_PORT", default: 8090, abstract: "Port to listen on, 0 for any free port",
        valueName: "port")
    static let simulatorHost = Setting(
        flag: "host", variable: "SWITCHBOARD_SIM_HOST", default: "127.0.0.1", abstract: "Address to listen on", valueName: "address")
    static let simulatorTLS = Setting.toggle(
        flag: "tls", variable: "SWITCHBOARD_SIM_TLS",
        abstract: "Serve HTTPS (HTTP/2 + HTTP/1.1) with a self-signed certificate made at start")
    static let simulatorCAFile = Setting<String?>(
        flag: "ca-file", variable: "SWITCHBOARD_SIM_CA_FILE", defaultText: "none",
        abstract: "Write the certificate authority (PEM) clients must trust to this file", valueName: "path")
    static let simulatorLatency = Setting(
        flag: "latency", variable: "SWITCHBOARD_SIM_LATENCY", default: "0",
        abstract: "Redirect latency: 0, 200ms, or lognormal:<median>:<sigma>", valueName: "latency")
    static let simulatorFaults = Setting<String?>(
        flag: "faults", variable: "SWITCHBOARD_SIM_FAULTS", defaultText: "none",
        abstract: "Random faults as kind=rate pairs, kinds 429, 503, 500, slow, reset, lost (the redirect is carried out, its answer lost), plus retry-after=<s>, slow-delay=<duration>, lost-delay=<duration>",
        valueName: "faults")
    static let simulatorCallbackBaseURL = Setting<String?>(
        flag: "callback-base-url", variable: "SWITCHBOARD_SIM_CALLBACK_BASE_URL", defaultText: "none",
        abstract: "Replace scheme/host/port of callback URIs with this base URL", valueName: "url")
    static let simulatorNotificationURL = Setting<String?>(
        flag: "notification-url", variable: "SWITCHBOARD_SIM_NOTIFICATION_URL", defaultText: "none",
        abstract: "The bot's calling webhook, where offered calls are delivered", valueName: "url")
    static let simulatorBotAppID = Setting(
        flag: "bot-app-id", variable: "SWITCHBOARD_SIM_BOT_APP_ID", default: SimulatorDefaults.botAppID,
        abstract: "The bot's app id (aud of notification tokens)", valueName: "id")
    static let simulatorCallWindow = Setting(
        flag: "call-window", variable: "SWITCHBOARD_SIM_CALL_WINDOW", default: "15s",
        abstract: "How long an offered call stays redirectable", valueName: "duration")
    static let simulatorTokenLifetime = Setting(
        flag: "token-lifetime", variable: "SWITCHBOARD_SIM_TOKEN_LIFETIME", default: "3599s",
        abstract: "Lifetime of issued access tokens", valueName: "duration")
    static let simulatorTerminationDelay = Setting(
        flag: "termination-delay", variable: "SWITCHBOARD_SIM_TERMINATION_DELAY", default: "1s",
        abstract: "Delay between an accepted redirect and the terminated notification", valueName: "duration")
    static let simulatorTermination = Setting(
        flag: "termination", variable: "SWITCHBOARD_SIM_TERMINATION", default: "answered",
        abstract: "What the terminated notification says: answered, unanswered, bare, a documented CODE/SUBCODE (408/10057), a mix taken in turn (answered=6,408/10057=2,480/10076) or documented (every documented end reason)",
        valueName: "termination")
    static let simulatorPublicBaseURL = Setting<String?>(
        flag: "public-base-url", variable: "SWITCHBOARD_SIM_PUBLIC_BASE_URL", defaultText: "the listening URL",
        abstract: "The base URL to advertise (jwks_uri)", valueName: "url")
    static let simulatorClientID = Setting<String?>(
        flag: "client-id", variable: "SWITCHBOARD_SIM_CLIENT_ID", defaultText: "any",
        abstract: "Only issue tokens to this client id", valueName: "id")
    static let simulatorClientSecretFile = Setting<String?>(
        flag: "client-secret-file", variable: "SWITCHBOARD_SIM_CLIENT_SECRET_FILE", defaultText: "any",
        abstract: "Only issue tokens for the secret in this file", valueName: "path")
    static let simulatorClientSecret = Setting<String?>(
        flag: nil, variable: "SWITCHBOARD_SIM_CLIENT_SECRET", defaultText: "any",
        abstract: "Only issue tokens for this secret", valueName: "secret")
    static let simulatorClientCertificateFile = Setting<String?>(
        flag: "client-certificate-file", variable: "SWITCHBOARD_SIM_CLIENT_CERTIFICATE_FILE", defaultText: "none",
        abstract: "PEM file of the app's client certificate(s): token requests may authenticate with an assertion signed by its key (x5t#S256 naming it)",
        valueName: "path")
    static let simulatorFederatedSubject = Setting<String?>(
        flag: "federated-subject", variable: "SWITCHBOARD_SIM_FEDERATED_SUBJECT", defaultText: "any",
        abstract: "The subject federated tokens must carry (their issuer is the simulator's own, GET /simulator/federated-token)",
        valueName: "subject")
    static let simulatorLogLevel = Setting(
        flag: "log-level", variable: "SWITCHBOARD_LOG_LEVEL", default: "info", abstract: "Log level", valueName: "level")

    static let mockBrokers = Setting(
        flag: "brokers", variable: "SWITCHBOARD_MOCK_BROKERS", default: 3, abstract: "Number of brokers", valueName: "count")
    static let mockTopics = Setting.list(
        flag: "topic", variable: "SWITCHBOARD_MOCK_TOPICS", defaultText: "none",
        abstract: "A topic to create, NAME:PARTITIONS[:REPLICATION] (replication defaults to min(3, brokers))",
        valueName: "name:partitions")
    static let mockControlStdin = Setting.toggle(
        flag: "control-stdin", variable: "SWITCHBOARD_MOCK_CONTROL_STDIN",
        abstract: "Read fault-injection commands from standard input: broker-down all|<id>, broker-up all|<id>, rtt all|<id> <ms>; each is answered on standard output with 'ok …' or 'error …'")

    static let benchConcurrency = Setting(
        flag: "concurrency", variable: "SWITCHBOARD_BENCH_CONCURRENCY", default: 64, abstract: "Requests in flight at once",
        valueName: "n")
    static let benchRequests = Setting<Int?>(
        flag: "requests", variable: "SWITCHBOARD_BENCH_REQUESTS", defaultText: "run for --duration",
        abstract: "Stop after this many measured requests", valueName: "n")
    static let benchDuration = Setting(
        flag: "duration", variable: "SWITCHBOARD_BENCH_DURATION", default: 10.0, defaultText: "10", abstract: "Seconds measured",
        valueName: "seconds")
    static let benchWarmup = Setting(
        flag: "warmup", variable: "SWITCHBOARD_BENCH_WARMUP", default: 2.0, defaultText: "2",
        abstract: "Seconds of warm-up before measuring", valueName: "seconds")
}
