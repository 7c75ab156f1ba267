import AsyncHTTPClient
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
public import Logging
import NIOCore
import NIOPosix
import Observability
public import ServiceLifecycle
import Synchronization

/// A stand-in for Microsoft Graph's calling API and identity platform, as a real HTTP server.
///
/// It issues client-credentials tokens, offers incoming calls (and signs their notifications like
/// Microsoft does), validates and accepts `call: redirect` within each call's 15-second window,
/// posts the `terminated` notification afterwards, injects latency and faults, and records every
/// request. Other processes drive it through its control API under `/simulator/`.
///
/// ```swift
/// let simulator = try await SimulatedGraph(configuration: .init(), logger: logger)
/// let group = ServiceGroup(services: [simulator], logger: logger)
/// // … in a task: try await group.run()
/// let address = try await simulator.waitUntilRunning()
/// let call = try await simulator.offerIncomingCall()
/// ```
/// - Important: `run()` owns the server and the HTTP client that posts notifications; offers can
///   be made before it runs, deliveries only while it runs.
public final class SimulatedGraph: Service, Sendable {
    /// The configuration the simulator was created with.
    public let configuration: SimulatorConfiguration
    let logger: Logger
    let state: Mutex<SimulatorState>
    let startedAt = ContinuousClock.now
    let signer: NotificationSigner
    /// The issuer of federated tokens the simulated Entra trusts (workload identity): give its
    /// tokens to a worker as its `AZURE_FEDERATED_TOKEN_FILE`.
    public let federatedIssuer: SimulatedFederatedIssuer
    let authenticator: ClientAuthenticator
    let certificate: SimulatorCertificate?
    let readiness = SimulatorReadiness()
    let httpClient = Mutex<HTTPClient?>(nil)
    let jobs: AsyncStream<@Sendable () async -> Void>
    let jobsContinuation: AsyncStream<@Sendable () async -> Void>.Continuation

    /// Creates a simulator: its signing keys, the client certificates it was given and, with `tls`,
    /// its certificate authority and certificate.
    ///
    /// - Throws: when a key or certificate cannot be generated, or `SimulatorConfigurationError`
    ///   when a client certificate is not an RSA certificate in PEM.
    public init(configuration: SimulatorConfiguration = SimulatorConfiguration(), logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(SimulatorState(configuration: configuration))
        self.signer = try await NotificationSigner()
        let federatedIssuer = try await SimulatedFederatedIssuer.processIssuer()
        self.federatedIssuer = federatedIssuer
        self.authenticator = ClientAuthenticator(
            clientSecret: configuration.clientSecret,
            certificates: try configuration.clientCertificatesPEM.flatMap { try RegisteredClientCertificate.parse($0) },
            trustedIssuers: [federatedIssuer] + configuration.trustedFederatedIssuers,
            federatedSubject: configuration.federatedSubject)
        self.certificate = configuration.tls ? try SimulatorCertificate(host: configuration.host) : nil
        (jobs, jobsContinuation) = AsyncStream.makeStream()
    }

    /// The certificate authority that signed the simulator's TLS certificate (PEM), when `tls` is on.
    /// Give it to clients as an extra trust root.
    public var certificateAuthorityPEM: String? {
        certificate?.authorityPEM
    }

    /// Waits until the server listens, and returns where.
    ///
    /// - Throws: the error that stopped the server from starting, or `SimulatorNotRunningError`
    ///   after it stopped.
    public func waitUntilRunning() async throws -> SimulatorAddress {
        try await readiness.wait()
    }

    /// The base URL clients use, once running: `configuration.publicBaseURL`, else the bound address.
    var publicBaseURL: String {
        configuration.publicBaseURL ?? readiness.address?.baseURL
            ?? "http://\(configuration.host):\(configuration.port)"
    }

    /// Runs the server until graceful shutdown or cancellation.
    public func run() async throws {
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .seconds(30)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        )
        clientConfiguration.httpVersion = .http1Only
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: clientConfiguration,
            backgroundActivityLogger: logger)
        httpClient.withLock { $0 = client }

        let result: Result<Void, any Error>
        do {
            let server: HTTPServerBuilder =
                if let certificate {
                    try Self.http2Server(tlsConfiguration: certificate.serverTLSConfiguration())
                } else {
                    .dropSafeHTTP1()
                }
            let isTLS = certificate != nil
            let host = configuration.host
            let application = Application(
                router: makeRouter(),
                server: server,
                configuration: ApplicationConfiguration(
                    address: .hostname(host, port: configuration.port),
                    serverName: "switchboard-graph-simulator",
                    backlog: 4096
                ),
                onServerRunning: { [readiness, logger] channel in
                    let address = SimulatorAddress(host: host, port: channel.localAddress?.port ?? 0, isTLS: isTLS)
                    logger.info("Graph simulator listening", metadata: ["simulator.base_url": "\(address.baseURL)"])
                    readiness.markRunning(address)
                },
                logger: logger
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await withDiscardingTaskGroup { jobGroup in
                        for await job in self.jobs {
                            jobGroup.addTask { await job() }
                        }
                    }
                }
                try await ServerListenError.naming("the Graph simulator", host: host, port: configuration.port) {
                    try await application.run()
                }
                group.cancelAll()
            }
            result = .success(())
        } catch {
            result = .failure(error)
        }
        readiness.markFinished(result.failureValue ?? SimulatorNotRunningError(operation: "serve after it stopped"))
        httpClient.withLock { $0 = nil }
        try await client.shutdown()
        try result.get()
    }

    /// Queues work (a delayed notification) to run inside `run()`'s task group.
    func schedule(_ job: @escaping @Sendable () async -> Void) {
        jobsContinuation.yield(job)
    }
}

extension Result {
    fileprivate var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
