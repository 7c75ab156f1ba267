import CallModel
import GraphSimulator
import Logging

/// Everything `switchboard-dev dev` runs with, resolved from its flags, `SWITCHBOARD_DEV_…` variables and defaults.
struct DevSettings: Sendable {
    /// The ingress's port on 127.0.0.1. Default 8080.
    var ingressPort: Int
    /// The ingress's health port (`/healthz`, `/readyz`, `/metrics`) on 127.0.0.1; 0 picks a free one. Default 8079.
    var ingressHealthPort: Int = Defaults.ingressHealthPort
    /// The Graph simulator's port on 127.0.0.1. Default 8090.
    var simulatorPort: Int
    /// The first worker's health port (`/healthz`, `/readyz`, `/metrics`); the next workers use the
    /// following ports. Default 8081 (so 8081 and 8082).
    var workerHealthPort: Int
    /// How many workers run in the consumer group. Default 2.
    var workers: Int
    /// Synthetic calls offered per second. Default 20.
    var rate: Double
    /// Synthetic calls to offer after the seed examples; 0 offers until Ctrl-C. Default 200.
    var calls: Int
    /// The simulated Graph's redirect latency. Default log-normal, median 120 ms, σ 0.5.
    var graphLatency: SimulatedLatency
    /// Random faults of the simulated Graph. Default none.
    var faults: SimulatedFaults
    /// The routing rules file. Default `examples/rules.yaml`.
    var rulesFile: String
    /// Candidate rules: the workers run them as shadow rules, and after the run the topic is replayed
    /// through them for a what-if. Default `examples/rules-next.yaml` when it exists; `nil`: neither.
    var whatIfRulesFile: String? = nil
    /// The Graph API version redirects are sent to (the example rules need beta). Default beta.
    var graphAPIVersion: GraphAPIVersion
    /// How the workers authenticate to the simulated Entra. Default secret.
    var graphAuth: DevGraphAuth = .secret
    /// Where the topic declarations are read from. Default `topics`.
    var topicsDirectory: String
    /// Where every component logs. Default `switchboard-dev.log`.
    var logFile: String
    /// The most detailed log level written to the log file. Default info.
    var logLevel: Logger.Level
    /// Embedded Kafka brokers. Fixed at 3: enough for replication factor 3 and a broker outage.
    var brokers: Int = 3

    /// Defaults of the settings, shown in `--help`.
    enum Defaults {
        static let ingressPort = 8080
        static let ingressHealthPort = 8079
        static let simulatorPort = 8090
        static let workerHealthPort = 8081
        static let workers = 2
        static let rate = 20.0
        static let calls = 200
        static let graphLatency = "lognormal:120ms:0.5"
        static let rulesFile = "examples/rules.yaml"
        static let whatIfRulesFile = "examples/rules-next.yaml"
        static let graphAPIVersion = "beta"
        static let graphAuth = DevGraphAuth.secret
        /// The workers' application id and, in secret mode, secret; the simulator accepts only these.
        static let clientID = "switchboard-dev"
        static let clientSecret = "switchboard-dev-secret"
        static let topicsDirectory = "topics"
        static let logFile = "switchboard-dev.log"
        static let logLevel = "info"
    }

    /// The ingress's base URL.
    var ingressURL: String { "http://127.0.0.1:\(ingressPort)" }
    /// The simulator's base URL.
    var simulatorURL: String { "http://127.0.0.1:\(simulatorPort)" }
}
