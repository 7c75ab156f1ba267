import AsyncHTTPClient
import CallModel
import Foundation
import Graph
import GraphSimulator
import Ingress
import Kafka
import Logging
import Observability
import ServiceLifecycle
import SwitchboardCLISupport
import Topology

/// One run of `switchboard-dev dev`: starts every part in this process, runs the session, stops everything.
///
/// Services start together in one `ServiceGroup` and stop in reverse order: the session (summary)
/// first, then the outcome reader, the workers (they drain and commit), the ingress, the simulator,
/// and the embedded Kafka last.
struct DevRun {
    let settings: DevSettings

    func run() async throws {
        let console = DevConsole()
        let logFile = try DevLogFile(path: settings.logFile)
        LoggingSystem.bootstrap(logFile.handlerFactory(level: settings.logLevel))
        func logger(_ label: String) -> Logger { logFile.logger(label: "switchboard.\(label)", level: settings.logLevel) }
        let rules = try Self.checkRules(path: settings.rulesFile, apiVersion: settings.graphAPIVersion)
        let whatIfRules = try settings.whatIfRulesFile.map { try Self.checkRules(path: $0, apiVersion: settings.graphAPIVersion) }
        let tracing = try TracingBootstrap.bootstrap(serviceName: "switchboard-dev", environment: ProcessInfo.processInfo.environment)
        console.line("Starting Switchboard (logs in \(settings.logFile)) …")

        let mock = try KafkaMockCluster(brokers: settings.brokers, logger: logger("kafka-mock"))
        let (catalog, note) = try DevTopics.catalog(directory: settings.topicsDirectory)
        if let note { console.line("note: \(note)") }
        try await DevTopics.create(catalog, on: mock, logger: logger("topics"))
        let kafka = KafkaClientConfiguration(bootstrapServers: mock.bootstrapServers, clientID: "switchboard-dev")

        // The simulated Entra knows the workers' application and accepts exactly the dev credential.
        let devCredential = try await DevGraphCredential.prepare(settings.graphAuth)
        var simulatorConfiguration = SimulatorConfiguration(
            host: "127.0.0.1", port: settings.simulatorPort, callbackBaseURL: settings.ingressURL,
            notificationURL: settings.ingressURL + "/api/calls", latency: settings.graphLatency, faults: settings.faults)
        // Calls end in a mix of Graph's documented ways, so the summary's dispositions show each kind.
        simulatorConfiguration.terminationMix = DevRun.terminationMix
        devCredential.configure(&simulatorConfiguration)
        let simulator = try await SimulatedGraph(configuration: simulatorConfiguration, logger: logger("simulator"))
        let (credential, credentialServices) = try await devCredential.workerCredential(
            simulator: simulator, logger: logger("federated-token"))
        let ingress = try IngressApplication(
            configuration: IngressApplicationConfiguration(
                host: "127.0.0.1", port: settings.ingressPort, healthPort: settings.ingressHealthPort, notificationsTopic: catalog.notifications.name,
                authentication: TokenValidationConfiguration(
                    botAppID: SimulatorDefaults.botAppID,
                    openIDMetadataURL: settings.simulatorURL + "/v1/.well-known/OpenIdConfiguration"),
                kafka: IngressApplicationConfiguration.producerConfiguration(client: kafka)),
            logger: logger("ingress"))
        let workers = try (0..<settings.workers).map { index in
            try DevWorker(
                index: index, settings: settings, catalog: catalog, kafka: kafka, rulesPath: settings.rulesFile,
                shadowRulesPath: settings.whatIfRulesFile,
                credential: credential, logger: logger("worker-\(index + 1)"))
        }

        let tally = DevTally()
        let traffic = TrafficSource(
            simulator: simulator, ingressURL: settings.ingressURL, tally: tally, console: console, logger: logger("traffic"))
        let instructions = DevInstructions(settings: settings, catalog: catalog, bootstrapServers: mock.bootstrapServers, rules: rules)
        var whatIf: DevWhatIf?
        if let path = settings.whatIfRulesFile, let candidate = whatIfRules {
            whatIf = DevWhatIf(
                baselinePath: settings.rulesFile, candidatePath: path, baseline: rules, candidate: candidate,
                client: kafka, topic: catalog.notifications.name, logger: logger("what-if"))
        }
        let session = DevSession(
            settings: settings, simulator: simulator, traffic: traffic, tally: tally, console: console,
            notReady: { await Self.notReady(ingress: ingress, workers: workers) },
            instructions: { instructions.lines(token: try? await simulator.notificationToken(tenant: SimulatorDefaults.tenantID)) },
            logger: logger("dev"),
            whatIf: whatIf)

        // The tracer first, so it stops last and exports every span.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = tracing.map { [.init(service: $0)] } ?? []
        services += [
            .init(service: mock), .init(service: simulator),
        ] + ingress.services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
            + credentialServices.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
        for worker in workers {
            services += worker.services.map { .init(service: $0) }
        }
        services.append(.init(service: DevOutcomeReader(client: kafka, topic: catalog.outcomes.name, tally: tally, logger: logger("outcomes"))))
        services.append(.init(service: session, successTerminationBehavior: .gracefullyShutdownGroup))
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger("dev"))
        configuration.maximumGracefulShutdownDuration = .seconds(40)
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch let error as ServerListenError {
            throw settings.explain(error)
        }
        console.line("Stopped.")
    }

    /// Loads the rules once up front, so a bad file fails the run with every problem listed.
    static func checkRules(path: String, apiVersion: GraphAPIVersion) throws -> RoutingRules {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DevError("cannot read the rules file \(path) (run from the repository or pass --rules-file): \(error.localizedDescription)")
        }
        do {
            return try RoutingRules.load(yaml: text, apiVersion: apiVersion)
        } catch {
            let problems = error.issues.map { "  \(path)\($0.line.map { ":\($0)" } ?? ""): \($0.path.isEmpty ? "" : $0.path + ": ")\($0.message)" }
            throw DevError("the rules file has problems (checked for Graph API \(apiVersion.rawValue)):\n" + problems.joined(separator: "\n"))
        }
    }

    /// What is not ready yet: the ingress (Kafka reachable, signing keys loaded) or a worker (assigned).
    /// The ingress's readiness is read from its own health port (`--ingress-health-port`).
    static func notReady(ingress: IngressApplication, workers: [DevWorker]) async -> String? {
        guard let healthPort = ingress.healthPort else { return "the ingress: not listening yet" }
        let readyz = "http://127.0.0.1:\(healthPort)/readyz"
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: readyz), timeout: .seconds(2))
            let body = try await response.body.collect(upTo: 1 << 16)
            guard response.status.code == 200 else { return "the ingress: \(String(buffer: body))" }
        } catch {
            return "the ingress at \(readyz): \(error)"
        }
        for worker in workers where !worker.service.readiness.isReady {
            return "worker \(worker.index + 1): \(worker.service.readiness.detail)"
        }
        return nil
    }
}

extension DevRun {
    /// Most calls answered, the rest unanswered, unreachable, declined and ended by the bot (Graph's codes).
    static let terminationMix = SimulatedTerminationMix(parsing: "answered=6,408/10057,480/10076,480/10199,200/7000")
        ?? SimulatedTerminationMix(.answered)
}

