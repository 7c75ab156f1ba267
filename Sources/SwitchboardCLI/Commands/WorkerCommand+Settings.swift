import ArgumentParser
import CallModel
import Foundation
import Graph
import Kafka
import Logging
import Observability
import Worker
import SwitchboardCLISupport

extension WorkerCommand {
    /// Everything `switchboard worker` runs with, resolved from flags, environment and defaults.
    struct Settings {
        var kafka: KafkaClientConfiguration
        var consumer: KafkaConsumerConfiguration
        var worker: WorkerConfiguration
        var graph: GraphClientConfiguration
        var rulesPath: String
        /// Candidate rules decided beside the live ones and only counted; `nil` without one.
        var shadowRulesPath: String?
        var healthPort: Int
        var logLevel: Logger.Level
        var logFormat: LogFormat
    }

    func resolve(_ environment: SettingsEnvironment, standardErrorIsTerminal: Bool = false) throws -> Settings {
        let kafka = try self.kafka.clientConfiguration(clientID: "switchboard-worker", environment: environment)
        var consumer = KafkaConsumerConfiguration(
            client: kafka,
            groupID: try environment.value(consumerGroup, "SWITCHBOARD_CONSUMER_GROUP", default: "switchboard-worker")
        )
        // Not librdkafka's 45 s: calls live 15 s, so a crashed worker's partitions must move in seconds.
        // A clean shutdown leaves the group at once; this only bounds crashes and lost nodes.
        consumer.sessionTimeout = try environment.duration(sessionTimeout, flag: "--session-timeout", "SWITCHBOARD_SESSION_TIMEOUT", default: "10s")
        if let instanceID = try environment.optionalValue(kafkaGroupInstanceID, "SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID") {
            guard !instanceID.isEmpty, instanceID.count <= 249,
                instanceID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else {
                throw ValidationError(
                    "--kafka-group-instance-id (SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID) must be 1 to 249 of a-z, A-Z, 0-9, '.', '_', '-', got \"\(instanceID)\"")
            }
            consumer.groupInstanceID = instanceID
        }
        let protocolName = try environment.value(kafkaGroupProtocol, "SWITCHBOARD_KAFKA_GROUP_PROTOCOL", default: "classic")
        guard let groupProtocol = KafkaConsumerConfiguration.GroupProtocol(rawValue: protocolName) else {
            throw ValidationError(
                "--kafka-group-protocol (SWITCHBOARD_KAFKA_GROUP_PROTOCOL) must be classic or consumer, got \"\(protocolName)\"")
        }
        if groupProtocol == .consumer && !KafkaLibrary.supportsConsumerGroupProtocol {
            throw ValidationError(
                "--kafka-group-protocol consumer needs librdkafka \(KafkaLibraryVersion.consumerGroupProtocol) or later; "
                    + "this process loaded librdkafka \(KafkaLibrary.version) (see the README's librdkafka section)")
        }
        consumer.groupProtocol = groupProtocol

        let orderingName = try environment.value(ordering, "SWITCHBOARD_ORDERING", default: "key")
        guard let parsedOrdering = WorkerOrdering(rawValue: orderingName) else {
            throw ValidationError("ordering \(orderingName) is not key or partition")
        }
        var worker = WorkerConfiguration(
            notificationsTopic: try environment.value(notificationsTopic, "SWITCHBOARD_NOTIFICATIONS_TOPIC", default: "calls.notifications"),
            outcomesTopic: try environment.value(outcomesTopic, "SWITCHBOARD_OUTCOMES_TOPIC", default: "calls.redirect-outcomes"),
            deadLetterTopic: try environment.value(dlqTopic, "SWITCHBOARD_DLQ_TOPIC", default: "calls.notifications.dlq"),
            maxInFlight: try environment.value(maxInFlight, "SWITCHBOARD_MAX_IN_FLIGHT", default: 1024),
            ordering: parsedOrdering,
            safetyMargin: try environment.duration(safetyMargin, flag: "--safety-margin", "SWITCHBOARD_SAFETY_MARGIN", default: "1s"),
            drainTimeout: try environment.duration(drainTimeout, flag: "--drain-timeout", "SWITCHBOARD_DRAIN_TIMEOUT", default: "15s"),
            commitInterval: try environment.duration(commitInterval, flag: "--commit-interval", "SWITCHBOARD_COMMIT_INTERVAL", default: "1s")
        )

        worker.requireVerifiedTenant = try !(insecureAllowUnverifiedTenant
            || environment.value(nil as Bool?, "SWITCHBOARD_INSECURE_ALLOW_UNVERIFIED_TENANT", default: false))

        let versionName = try environment.value(graphAPIVersion, "SWITCHBOARD_GRAPH_API_VERSION", default: "v1.0")
        guard let apiVersion = GraphAPIVersion(rawValue: versionName) else {
            throw ValidationError("Graph API version \(versionName) is not v1.0 or beta")
        }
        let credentials = try graphCredentials.resolve(environment, clientIDFlag: graphClientID, authorityFlag: graphAuthority)
        var caPEM: String?
        if let path = try environment.optionalValue(graphCAFile, "SWITCHBOARD_GRAPH_CA_FILE") {
            do {
                caPEM = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read the Graph CA file \(path): \(error.localizedDescription)")
            }
        }
        let connections = try environment.value(graphConnections, "SWITCHBOARD_GRAPH_CONNECTIONS", default: 4)
        guard connections >= 1 else {
            throw ValidationError("--graph-connections (SWITCHBOARD_GRAPH_CONNECTIONS) must be at least 1, got \(connections)")
        }
        let rateLimit = try environment.value(graphRateLimit, "SWITCHBOARD_GRAPH_RATE_LIMIT", default: 50_000)
        guard rateLimit >= 1 else {
            throw ValidationError("--graph-rate-limit (SWITCHBOARD_GRAPH_RATE_LIMIT) must be at least 1, got \(rateLimit)")
        }
        let attemptTimeout = try environment.duration(
            graphAttemptTimeout, flag: "--graph-attempt-timeout", "SWITCHBOARD_GRAPH_ATTEMPT_TIMEOUT", default: "5s")
        guard attemptTimeout > .zero else {
            throw ValidationError("--graph-attempt-timeout (SWITCHBOARD_GRAPH_ATTEMPT_TIMEOUT) must be more than 0")
        }
        let baseURL = try environment.value(graphBaseURL, "SWITCHBOARD_GRAPH_BASE_URL", default: "https://graph.microsoft.com")
        guard GraphEndpoint.isSecureOrLoopback(baseURL) else {
            throw ValidationError(
                "\(graphBaseURL == nil ? "SWITCHBOARD_GRAPH_BASE_URL" : "--graph-base-url") \(baseURL) must be https "
                    + "(plain http is accepted only on 127.0.0.1, ::1 or localhost, for tests): every Graph request carries the bot's access token")
        }
        let graph = GraphClientConfiguration(
            clientID: credentials.clientID,
            credential: credentials.credential,
            endpoint: GraphEndpoint(
                baseURL: baseURL,
                authority: credentials.authority,
                apiVersion: apiVersion
            ),
            attemptTimeout: attemptTimeout,
            http2Connections: connections,
            rateLimit: GraphRateLimit(requests: rateLimit, interval: .seconds(15)),
            prewarmTenants: environment.list(graphTenants, "SWITCHBOARD_GRAPH_TENANTS", default: credentials.homeTenant.map { [$0] } ?? []),
            additionalTrustRootsPEM: caPEM
        )

        guard let rulesPath = try environment.optionalValue(rulesFile, "SWITCHBOARD_RULES_FILE") else {
            throw ValidationError("set the routing rules file with --rules-file or SWITCHBOARD_RULES_FILE")
        }
        let (level, format) = try logging.resolve(environment, standardErrorIsTerminal: standardErrorIsTerminal)
        return Settings(
            kafka: kafka,
            consumer: consumer,
            worker: worker,
            graph: graph,
            rulesPath: rulesPath,
            shadowRulesPath: try environment.optionalValue(shadowRulesFile, "SWITCHBOARD_SHADOW_RULES_FILE"),
            healthPort: try environment.value(healthPort, "SWITCHBOARD_HEALTH_PORT", default: 8081),
            logLevel: level,
            logFormat: format
        )
    }
}
