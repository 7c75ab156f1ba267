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
            groupID: try environment.value(consumerGroup, WorkerSetting.consumerGroup)
        )
        consumer.sessionTimeout = try environment.value(text: sessionTimeout, WorkerSetting.sessionTimeout)
        if let instanceID = try environment.optional(kafkaGroupInstanceID, WorkerSetting.kafkaGroupInstanceID) {
            guard !instanceID.isEmpty, instanceID.count <= 249,
                instanceID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else {
                let setting = WorkerSetting.kafkaGroupInstanceID
                throw ValidationError(
                    "\(setting.option) (\(setting.variable)) must be 1 to 249 of a-z, A-Z, 0-9, '.', '_', '-', got \"\(instanceID)\"")
            }
            consumer.groupInstanceID = instanceID
        }
        let groupProtocol = try environment.value(text: kafkaGroupProtocol, WorkerSetting.kafkaGroupProtocol)
        if groupProtocol == .consumer && !KafkaLibrary.supportsConsumerGroupProtocol {
            throw ValidationError(
                "--kafka-group-protocol consumer needs librdkafka \(KafkaLibraryVersion.consumerGroupProtocol) or later; "
                    + "this process loaded librdkafka \(KafkaLibrary.version) (see the README's librdkafka section)")
        }
        consumer.groupProtocol = groupProtocol

        var worker = WorkerConfiguration(
            notificationsTopic: try environment.value(notificationsTopic, WorkerSetting.notificationsTopic),
            outcomesTopic: try environment.value(outcomesTopic, WorkerSetting.outcomesTopic),
            deadLetterTopic: try environment.value(dlqTopic, WorkerSetting.dlqTopic),
            maxInFlight: try environment.value(maxInFlight, WorkerSetting.maxInFlight),
            ordering: try environment.value(text: ordering, WorkerSetting.ordering),
            safetyMargin: try environment.value(text: safetyMargin, WorkerSetting.safetyMargin),
            drainTimeout: try environment.value(text: drainTimeout, WorkerSetting.drainTimeout),
            commitInterval: try environment.value(text: commitInterval, WorkerSetting.commitInterval)
        )

        worker.requireVerifiedTenant = try !(insecureAllowUnverifiedTenant
            || environment.value(nil, WorkerSetting.insecureAllowUnverifiedTenant))

        let apiVersion = try environment.value(text: graphAPIVersion, WorkerSetting.graphAPIVersion)
        let credentials = try graphCredentials.resolve(environment, clientIDFlag: graphClientID, authorityFlag: graphAuthority)
        var caPEM: String?
        if let path = try environment.optional(graphCAFile, WorkerSetting.graphCAFile) {
            do {
                caPEM = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read the Graph CA file \(path): \(error.localizedDescription)")
            }
        }
        // Enough connections for every call in flight to have a stream: fewer would cap the worker below
        // --max-in-flight ÷ Graph latency.
        let connections = try environment.optional(graphConnections, WorkerSetting.graphConnections)
            ?? GraphClientConfiguration.http2Connections(forConcurrentRedirects: worker.maxInFlight)
        guard connections >= 1 else {
            throw ValidationError("\(Self.named(WorkerSetting.graphConnections)) must be at least 1, got \(connections)")
        }
        let rateLimit = try environment.value(graphRateLimit, WorkerSetting.graphRateLimit)
        guard rateLimit >= 1 else {
            throw ValidationError("\(Self.named(WorkerSetting.graphRateLimit)) must be at least 1, got \(rateLimit)")
        }
        let attemptTimeout = try environment.value(text: graphAttemptTimeout, WorkerSetting.graphAttemptTimeout)
        guard attemptTimeout > .zero else {
            throw ValidationError("\(Self.named(WorkerSetting.graphAttemptTimeout)) must be more than 0")
        }
        let baseURL = try environment.value(graphBaseURL, WorkerSetting.graphBaseURL)
        guard GraphEndpoint.isSecureOrLoopback(baseURL) else {
            throw ValidationError(
                "\(graphBaseURL == nil ? WorkerSetting.graphBaseURL.variable : WorkerSetting.graphBaseURL.option) \(baseURL) must be https "
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
            // The setting's default depends on the credential: the workload identity's own tenant.
            prewarmTenants: environment.list(
                graphTenants, WorkerSetting.graphTenants.variable, default: credentials.homeTenant.map { [$0] } ?? []),
            additionalTrustRootsPEM: caPEM
        )

        guard let rulesPath = try environment.optional(rulesFile, WorkerSetting.rulesFile) else {
            throw ValidationError("set the routing rules file with \(WorkerSetting.rulesFile.option) or \(WorkerSetting.rulesFile.variable)")
        }
        let (level, format) = try logging.resolve(environment, standardErrorIsTerminal: standardErrorIsTerminal)
        return Settings(
            kafka: kafka,
            consumer: consumer,
            worker: worker,
            graph: graph,
            rulesPath: rulesPath,
            shadowRulesPath: try environment.optional(shadowRulesFile, WorkerSetting.shadowRulesFile),
            healthPort: try environment.value(healthPort, WorkerSetting.healthPort),
            logLevel: level,
            logFormat: format
        )
    }

    /// `--flag (VARIABLE)`, for errors about a value both may give.
    static func named<Value>(_ setting: Setting<Value>) -> String { "\(setting.option) (\(setting.variable))" }
}
