import GraphSimulator
import SwitchboardCLISupport

/// The settings of `switchboard-dev dev` and `dev token`; defaults in ``DevSettings/Defaults``.
enum DevSetting {
    private typealias Defaults = DevSettings.Defaults

    static let ingressPort = Setting(
        flag: "ingress-port", variable: "SWITCHBOARD_DEV_INGRESS_PORT", default: Defaults.ingressPort, abstract: "Ingress port",
        valueName: "port")
    static let ingressHealthPort = Setting(
        flag: "ingress-health-port", variable: "SWITCHBOARD_DEV_INGRESS_HEALTH_PORT", default: Defaults.ingressHealthPort,
        abstract: "Ingress health port: /healthz, /readyz, /metrics", valueName: "port")
    static let simulatorPort = Setting(
        flag: "simulator-port", variable: "SWITCHBOARD_DEV_SIMULATOR_PORT", default: Defaults.simulatorPort,
        abstract: "Graph simulator port", valueName: "port")
    static let workerHealthPort = Setting(
        flag: "worker-health-port", variable: "SWITCHBOARD_DEV_WORKER_HEALTH_PORT", default: Defaults.workerHealthPort,
        abstract: "First worker's health port, the next workers count up", valueName: "port")
    static let workers = Setting(
        flag: "workers", variable: "SWITCHBOARD_DEV_WORKERS", default: Defaults.workers, abstract: "Workers in the consumer group",
        valueName: "count")
    static let rate = Setting(
        flag: "rate", variable: "SWITCHBOARD_DEV_RATE", default: Defaults.rate, defaultText: "\(Int(Defaults.rate))",
        abstract: "Synthetic calls per second", valueName: "calls/s")
    static let calls = Setting(
        flag: "calls", variable: "SWITCHBOARD_DEV_CALLS", default: Defaults.calls,
        abstract: "Synthetic calls to offer after the seed examples; 0 = until Ctrl-C", valueName: "count")
    static let graphLatency = Setting(
        flag: "graph-latency", variable: "SWITCHBOARD_DEV_GRAPH_LATENCY", default: Defaults.graphLatency,
        abstract: "Simulated Graph redirect latency: 0, 200ms or lognormal:<median>:<sigma>", valueName: "latency")
    static let faults = Setting(
        flag: "faults", variable: "SWITCHBOARD_DEV_FAULTS", default: "", defaultText: "none",
        abstract: "Simulated Graph faults as kind=rate pairs, kinds 429, 503, 500, slow, reset, lost (the redirect is carried out, its answer lost), plus retry-after=<s>, lost-delay=<duration>",
        valueName: "faults")
    static let rulesFile = Setting(
        flag: "rules-file", variable: "SWITCHBOARD_DEV_RULES_FILE", default: Defaults.rulesFile, abstract: "Routing rules file",
        valueName: "path")
    static let whatIfRulesFile = Setting<String?>(
        flag: "what-if-rules", variable: "SWITCHBOARD_DEV_WHAT_IF_RULES_FILE", defaultText: "\(Defaults.whatIfRulesFile) when it exists",
        abstract: "Candidate rules the workers run as shadow rules and the run is replayed through at the end; none turns both off",
        valueName: "path")
    static let graphAPIVersion = Setting(
        flag: "graph-api-version", variable: "SWITCHBOARD_DEV_GRAPH_API_VERSION", default: Defaults.graphAPIVersion,
        abstract: "v1.0 or beta; the example rules need beta", valueName: "version")
    static let graphAuth = Setting(
        flag: "graph-auth", variable: "SWITCHBOARD_DEV_GRAPH_AUTH", default: Defaults.graphAuth, defaultText: Defaults.graphAuth.rawValue,
        abstract: "How workers authenticate to the simulated Entra: secret, certificate or workload-identity", valueName: "mode")
    static let topicsDirectory = Setting(
        flag: "topics-dir", variable: "SWITCHBOARD_TOPICS_DIR", default: Defaults.topicsDirectory,
        abstract: "Topic declarations; built-in ones are used only when it does not exist", valueName: "path")
    static let logFile = Setting(
        flag: "log-file", variable: "SWITCHBOARD_DEV_LOG_FILE", default: Defaults.logFile, abstract: "Log file of every component",
        valueName: "path")
    static let logLevel = Setting(
        flag: "log-level", variable: "SWITCHBOARD_LOG_LEVEL", default: Defaults.logLevel, abstract: "trace … critical",
        valueName: "level")
    static let simulatorURL = Setting(
        flag: "simulator-url", variable: "SWITCHBOARD_DEV_SIMULATOR_URL", default: "http://127.0.0.1:\(Defaults.simulatorPort)",
        abstract: "The simulator of the running dev instance", valueName: "url")
    static let tenant = Setting(
        flag: "tenant", variable: "SWITCHBOARD_DEV_TENANT", default: SimulatorDefaults.tenantID,
        abstract: "The tenant the token is for: the tid claim, which must be the call's tenant", valueName: "id")
}
