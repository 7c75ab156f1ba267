import ArgumentParser
import Foundation
import Graph
import Ingress
import Kafka
import Logging
import Observability
import Testing
import Worker

@testable import SwitchboardCLI
@testable import SwitchboardCLISupport

@Suite("Service settings: one duration grammar, one logging default, the chart's variables")
struct ServiceSettingsTests {
    @Test(
        "durations: ms, s, m, h, or a bare number of seconds",
        arguments: [
            ("500ms", Duration.milliseconds(500)), ("2s", .seconds(2)), ("1.5s", .milliseconds(1500)), ("2", .seconds(2)),
            ("0.25", .milliseconds(250)), ("1.5m", .seconds(90)), ("1h", .seconds(3600)), (" 10S ", .seconds(10)), ("0", .zero),
        ]
    )
    func durations(text: String, expected: Duration) {
        #expect(DurationText.parse(text) == expected)
    }

    @Test("not durations: negative, unknown unit, empty, not a number", arguments: ["-1s", "5d", "", "s", "fast", "inf", "1e400s", "1e18h", "nan"])
    func notDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test("a bad duration names its variable and the expected form")
    func badDurationVariable() {
        let environment = SettingsEnvironment(variables: ["SWITCHBOARD_DRAIN_TIMEOUT": "thirty"])
        #expect {
            try environment.duration(nil, flag: "--drain-timeout", "SWITCHBOARD_DRAIN_TIMEOUT", default: "10s")
        } throws: { error in
            "\(error)" == "environment variable SWITCHBOARD_DRAIN_TIMEOUT=thirty is not valid; expected \(DurationText.expected)"
        }
    }

    @Test(
        "log format: text for a person at a terminal, json for a collector, unless set",
        arguments: [
            (arguments: [String](), variable: String?.none, terminal: true, expected: LogFormat.text),
            (arguments: [], variable: nil, terminal: false, expected: .json),
            (arguments: [], variable: "text", terminal: false, expected: .text),
            (arguments: ["--log-format", "json"], variable: "text", terminal: true, expected: .json),
        ]
    )
    func logFormat(arguments: [String], variable: String?, terminal: Bool, expected: LogFormat) throws {
        let environment = SettingsEnvironment(variables: variable.map { ["SWITCHBOARD_LOG_FORMAT": $0] } ?? [:])
        let resolved = try LoggingOptions.parse(arguments).resolve(environment, standardErrorIsTerminal: terminal)
        #expect(resolved.format == expected)
        #expect(resolved.level == .info)
    }

    @Test("a bad log level is refused with where it came from")
    func badLogLevel() {
        #expect {
            try LoggingOptions.parse(["--log-level", "loud"]).resolve(SettingsEnvironment(variables: [:]), standardErrorIsTerminal: false)
        } throws: { error in
            "\(error)".hasPrefix("--log-level loud is not valid")
        }
    }

    /// The least a worker starts with.
    static let workerVariables = [
        "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS": "kafka:9092", "SWITCHBOARD_GRAPH_CLIENT_ID": "app",
        "SWITCHBOARD_GRAPH_CLIENT_SECRET": "secret", "SWITCHBOARD_RULES_FILE": "rules.yaml",
    ]

    /// What the Helm chart's ingress Deployment sets (helm/switchboard/templates).
    static let chartIngressVariables = [
        "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS": "kafka:9092",
        "SWITCHBOARD_HTTP_PORT": "8080",
        "SWITCHBOARD_OPENID_METADATA_URL": "https://login.botframework.com/v1/.well-known/openidconfiguration",
        "SWITCHBOARD_DRAIN_TIMEOUT": "10s",
        "SWITCHBOARD_NOTIFICATIONS_TOPIC": "calls.notifications",
        "SWITCHBOARD_BOT_APP_ID": "00000000-0000-0000-0000-000000000001",
        "SWITCHBOARD_LOG_LEVEL": "info",
    ]

    @Test("the ingress reads the chart's variables, the drain timeout included")
    func ingressFromChart() throws {
        var variables = Self.chartIngressVariables
        variables["SWITCHBOARD_DRAIN_TIMEOUT"] = "25s"
        variables["SWITCHBOARD_PRODUCE_TIMEOUT"] = "1500ms"
        let configuration = try IngressCommand.parse([]).ingressConfiguration(environment: SettingsEnvironment(variables: variables))
        #expect(configuration.shutdownFlushTimeout == .seconds(25))
        #expect(configuration.produceTimeout == .milliseconds(1500))
        #expect(configuration.port == 8080)
        #expect(configuration.authentication.botAppID == "00000000-0000-0000-0000-000000000001")
        #expect(configuration.authentication.clockLeeway == .seconds(60))
        #expect(configuration.authentication.keyRefreshInterval == .seconds(3600))
    }

    @Test("the ingress serves health on SWITCHBOARD_HEALTH_PORT (the worker's name), default 8081; --health-port wins")
    func ingressHealthPort() throws {
        var variables = Self.chartIngressVariables
        #expect(try IngressCommand.parse([]).ingressConfiguration(environment: SettingsEnvironment(variables: variables)).healthPort == 8081)
        variables["SWITCHBOARD_HEALTH_PORT"] = "9102"
        #expect(try IngressCommand.parse([]).ingressConfiguration(environment: SettingsEnvironment(variables: variables)).healthPort == 9102)
        #expect(try IngressCommand.parse(["--health-port", "0"])
            .ingressConfiguration(environment: SettingsEnvironment(variables: variables)).healthPort == 0)
    }

    @Test("the ingress limits: defaults, flags and variables")
    func ingressLimits() throws {
        let defaults = try IngressCommand.parse([]).ingressConfiguration(environment: SettingsEnvironment(variables: Self.chartIngressVariables))
        #expect(defaults.maxNotificationsPerBody == 16 && defaults.maxCallsPerBody == 4 && defaults.produceConcurrency == 4)
        #expect(defaults.connections == IngressConnectionLimits())
        #expect(defaults.connections.idleTimeout == .seconds(30) && defaults.connections.requestHeadTimeout == .seconds(5))
        #expect(defaults.connections.requestBodyTimeout == .seconds(5) && defaults.connections.maxConnections == 2048)
        #expect(defaults.authentication.maxKeyAge == .seconds(86_400))
        var variables = Self.chartIngressVariables
        variables["SWITCHBOARD_MAX_CALLS_PER_BODY"] = "2"
        variables["SWITCHBOARD_REQUEST_BODY_TIMEOUT"] = "2s"
        let configured = try IngressCommand.parse([
            "--max-notifications-per-body", "8", "--produce-concurrency", "1", "--idle-timeout", "10s",
            "--request-head-timeout", "1500ms", "--max-connections", "64", "--max-key-age", "6h",
        ]).ingressConfiguration(environment: SettingsEnvironment(variables: variables))
        #expect(configured.maxNotificationsPerBody == 8 && configured.maxCallsPerBody == 2 && configured.produceConcurrency == 1)
        #expect(configured.connections == IngressConnectionLimits(
            idleTimeout: .seconds(10), requestHeadTimeout: .milliseconds(1500), requestBodyTimeout: .seconds(2), maxConnections: 64))
        #expect(configured.authentication.maxKeyAge == .seconds(6 * 3600))
    }

    @Test("the ingress accepts the chart's tenants only; none listed accepts every tenant")
    func ingressTenants() throws {
        var variables = Self.chartIngressVariables
        #expect(try IngressCommand.parse([]).ingressConfiguration(environment: SettingsEnvironment(variables: variables))
            .authentication.allowedTenants.isEmpty)
        variables["SWITCHBOARD_GRAPH_TENANTS"] = "tenant-a, tenant-b"
        #expect(try IngressCommand.parse([]).ingressConfiguration(environment: SettingsEnvironment(variables: variables))
            .authentication.allowedTenants == ["tenant-a", "tenant-b"])
    }

    @Test("the ingress's durations accept the older bare seconds")
    func ingressBareSeconds() throws {
        let configuration = try IngressCommand.parse(["--produce-timeout", "3", "--clock-leeway", "30"])
            .ingressConfiguration(environment: SettingsEnvironment(variables: Self.chartIngressVariables))
        #expect(configuration.produceTimeout == .seconds(3))
        #expect(configuration.authentication.clockLeeway == .seconds(30))
    }

    @Test("the worker reads the chart's variables")
    func workerFromChart() throws {
        let variables = [
            "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS": "kafka:9092",
            "SWITCHBOARD_CONSUMER_GROUP": "switchboard-worker",
            "SWITCHBOARD_GRAPH_CLIENT_ID": "00000000-0000-0000-0000-000000000001",
            "SWITCHBOARD_GRAPH_CLIENT_SECRET": "secret",
            "SWITCHBOARD_GRAPH_API_VERSION": "beta",
            "SWITCHBOARD_RULES_FILE": "/etc/switchboard/rules/rules.yaml",
            "SWITCHBOARD_HEALTH_PORT": "8081",
            "SWITCHBOARD_MAX_IN_FLIGHT": "512",
            "SWITCHBOARD_DRAIN_TIMEOUT": "15s",
            "SWITCHBOARD_GRAPH_TENANTS": "tenant-a, tenant-b",
            "SWITCHBOARD_OUTCOMES_TOPIC": "calls.redirect-outcomes",
            "SWITCHBOARD_SESSION_TIMEOUT": "15s",
            "SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID": "switchboard-worker-0",
        ]
        let settings = try WorkerCommand.parse([]).resolve(SettingsEnvironment(variables: variables))
        #expect(settings.consumer.groupInstanceID == "switchboard-worker-0")
        #expect(settings.consumer.groupProtocol == .classic)
        #expect(settings.worker.drainTimeout == .seconds(15))
        #expect(settings.worker.maxInFlight == 512)
        #expect(settings.graph.prewarmTenants == ["tenant-a", "tenant-b"])
        #expect(settings.rulesPath == "/etc/switchboard/rules/rules.yaml")
        #expect(settings.consumer.sessionTimeout == .seconds(15))
        #expect(settings.logFormat == .json)
        #expect(settings.worker.requireVerifiedTenant)
        // 512 in flight: a stream for each at 100 per connection.
        #expect(settings.graph.http2Connections == 6)
    }

    @Test("static member ids are Kafka's legal names; the group protocol is classic or consumer, the latter only on a librdkafka that has it")
    func groupMembership() throws {
        var variables = Self.workerVariables
        #expect(try WorkerCommand.parse([]).resolve(SettingsEnvironment(variables: variables)).consumer.groupInstanceID == nil)
        for bad in ["worker 0", "wörker", "a/b", String(repeating: "w", count: 250)] {
            variables["SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID"] = bad
            #expect {
                try WorkerCommand.parse([]).resolve(SettingsEnvironment(variables: variables))
            } throws: { error in
                "\(error)".contains("SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID")
            }
        }
        variables["SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID"] = nil
        #expect {
            try WorkerCommand.parse(["--kafka-group-protocol", "eager"]).resolve(SettingsEnvironment(variables: variables))
        } throws: { error in
            "\(error)".contains("classic or consumer")
        }
        let consumer = { try WorkerCommand.parse(["--kafka-group-protocol", "consumer"]).resolve(SettingsEnvironment(variables: variables)) }
        if KafkaLibrary.supportsConsumerGroupProtocol {
            #expect(try consumer().consumer.groupProtocol == .consumer)
        } else {
            #expect { try consumer() } throws: { error in "\(error)".contains(KafkaLibrary.version) }
        }
    }

    @Test("Graph attempt timeout and per-worker rate limit: flags and variables, refused when not positive")
    func graphAttemptAndRate() throws {
        var variables = Self.workerVariables
        variables["SWITCHBOARD_GRAPH_RATE_LIMIT"] = "12500"
        let settings = try WorkerCommand.parse(["--graph-attempt-timeout", "2500ms"]).resolve(SettingsEnvironment(variables: variables))
        #expect(settings.graph.attemptTimeout == .milliseconds(2500))
        #expect(settings.graph.rateLimit.requests == 12_500)
        variables["SWITCHBOARD_GRAPH_RATE_LIMIT"] = "0"
        #expect {
            try WorkerCommand.parse([]).resolve(SettingsEnvironment(variables: variables))
        } throws: { error in
            "\(error)".contains("SWITCHBOARD_GRAPH_RATE_LIMIT")
        }
        variables["SWITCHBOARD_GRAPH_RATE_LIMIT"] = nil
        #expect {
            try WorkerCommand.parse(["--graph-attempt-timeout", "0s"]).resolve(SettingsEnvironment(variables: variables))
        } throws: { error in
            "\(error)".contains("--graph-attempt-timeout")
        }
    }

    @Test("Graph connections: by default one per 100 calls in flight, so every call has an HTTP/2 stream; at least one, named when wrong")
    func graphConnections() throws {
        var variables = Self.workerVariables
        #expect(try WorkerCommand.parse([]).resolve(SettingsEnvironment(variables: variables)).graph.http2Connections == 11)
        #expect(try WorkerCommand.parse(["--max-in-flight", "2048"]).resolve(SettingsEnvironment(variables: variables)).graph.http2Connections == 21)
        #expect(try WorkerCommand.parse(["--max-in-flight", "100"]).resolve(SettingsEnvironment(variables: variables)).graph.http2Connections == 1)
        #expect(try WorkerCommand.parse(["--max-in-flight", "1"]).resolve(SettingsEnvironment(variables: variables)).graph.http2Connections == 1)
        variables["SWITCHBOARD_GRAPH_CONNECTIONS"] = "3"
        #expect(try WorkerCommand.parse(["--max-in-flight", "2048"]).resolve(SettingsEnvironment(variables: variables)).graph.http2Connections == 3)
        variables["SWITCHBOARD_GRAPH_CONNECTIONS"] = nil
        let eight = try WorkerCommand.parse(["--graph-connections", "8"]).resolve(SettingsEnvironment(variables: variables))
        #expect(eight.graph.http2Connections == 8)
        #expect(eight.graph.attemptTimeout == .seconds(5))
        #expect(eight.graph.rateLimit == GraphRateLimit(requests: 50_000, interval: .seconds(15)))
        #expect {
            try WorkerCommand.parse(["--graph-connections", "0"]).resolve(SettingsEnvironment(variables: variables))
        } throws: { error in
            "\(error)".contains("--graph-connections")
        }
    }

    @Test("unverified tenants: refused unless the flag or its variable says otherwise", arguments: [
        (arguments: [String](), variable: String?.none, requires: true),
        (arguments: ["--insecure-allow-unverified-tenant"], variable: nil, requires: false),
        (arguments: [], variable: "true", requires: false),
        (arguments: [], variable: "false", requires: true),
    ])
    func unverifiedTenant(arguments: [String], variable: String?, requires: Bool) throws {
        var variables = Self.workerVariables
        variables["SWITCHBOARD_INSECURE_ALLOW_UNVERIFIED_TENANT"] = variable
        let settings = try WorkerCommand.parse(arguments).resolve(SettingsEnvironment(variables: variables))
        #expect(settings.worker.requireVerifiedTenant == requires)
    }

    @Test(
        "the Graph base URL must be https, except plain http on loopback; the refusal names the setting",
        arguments: [
            ("https://graph.microsoft.com", true), ("http://127.0.0.1:8090", true), ("http://localhost:8090", true),
            ("http://[::1]:8090", true), ("http://graph.microsoft.com", false), ("http://10.0.0.1:8090", false),
            ("graph.microsoft.com", false), ("ftp://127.0.0.1", false),
        ])
    func graphBaseURL(url: String, accepted: Bool) throws {
        var variables = Self.workerVariables
        variables["SWITCHBOARD_GRAPH_BASE_URL"] = url
        let fromVariable = Result { try WorkerCommand.parse([]).resolve(SettingsEnvironment(variables: variables)) }
        let fromFlag = Result { try WorkerCommand.parse(["--graph-base-url", url]).resolve(SettingsEnvironment(variables: Self.workerVariables)) }
        if accepted {
            #expect(try fromVariable.get().graph.endpoint.baseURL == url)
            #expect(try fromFlag.get().graph.endpoint.baseURL == url)
        } else {
            #expect(Self.refusal(fromVariable)?.contains("SWITCHBOARD_GRAPH_BASE_URL \(url) must be https") == true)
            #expect(Self.refusal(fromFlag)?.contains("--graph-base-url \(url) must be https") == true)
        }
    }

    /// The message of a refused setting; `nil` when it was accepted.
    static func refusal<Value>(_ result: Result<Value, any Error>) -> String? {
        guard case .failure(let error) = result else { return nil }
        return "\(error)"
    }
}
