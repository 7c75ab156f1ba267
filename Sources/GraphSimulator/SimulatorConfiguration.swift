/// How the simulated Graph listens and behaves.
public struct SimulatorConfiguration: Sendable {
    /// The address to listen on, default `127.0.0.1`.
    public var host: String
    /// The port, default 0 (any free port; read it from `SimulatedGraph.waitUntilRunning()`).
    public var port: Int
    /// Whether to serve HTTPS (HTTP/2 and HTTP/1.1 by ALPN) with a self-signed certificate made at
    /// start, default `false`.
    public var tls: Bool
    /// The base URL the simulator advertises (for example in the OpenID metadata's `jwks_uri`),
    /// default the URL it listens on.
    public var publicBaseURL: String?
    /// The bot's application id: the `aud` of notification tokens, default `SimulatorDefaults.botAppID`.
    public var botAppID: String
    /// Replaces the scheme, host and port of callback URIs when posting notifications to them, so
    /// the seed's `https://bot.contoso.com/api/calls/…` reaches a local ingress; default none.
    public var callbackBaseURL: String?
    /// The bot's calling webhook, where `deliver` posts incoming-call notifications, default none.
    public var notificationURL: String?
    /// How long an offered call stays redirectable, default 15 s as Graph documents.
    public var callWindow: Duration
    /// The lifetime of issued access tokens (`expires_in`), default 3599 s as the identity platform issues.
    public var tokenLifetime: Duration
    /// The client id token requests must carry, default any.
    public var clientID: String?
    /// The client secret token requests must carry, default any.
    public var clientSecret: String?
    /// Certificates (PEM) registered on the app: client assertions must name one of them in
    /// `x5t#S256` and be signed by its key; default none, so certificate assertions are refused.
    public var clientCertificatesPEM: [String]
    /// The `sub` federated tokens must carry, default any. Their issuer must be
    /// `SimulatedGraph.federatedIssuer` (or one of `trustedFederatedIssuers`) and their audience
    /// `api://AzureADTokenExchange`.
    public var federatedSubject: String?
    /// Further issuers whose federated tokens are trusted, default none.
    public var trustedFederatedIssuers: [SimulatedFederatedIssuer]
    /// How long a redirect takes to answer, default no delay.
    public var latency: SimulatedLatency
    /// Random faults on redirects, default none.
    public var faults: SimulatedFaults
    /// How long after accepting a redirect the terminated notification is posted, default 1 s.
    public var terminationDelay: Duration
    /// What the terminated notification says, default `.answered`.
    public var termination: SimulatedTermination
    /// Several terminated notifications taken in turn (for example every documented end reason); when set
    /// it replaces `termination`. Default `nil`.
    public var terminationMix: SimulatedTerminationMix?
    /// How many requests are kept for `requests()`, default 10,000 (oldest dropped first).
    public var requestLogLimit: Int

    /// Creates a configuration; every default is listed on its property.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        tls: Bool = false,
        publicBaseURL: String? = nil,
        botAppID: String = SimulatorDefaults.botAppID,
        callbackBaseURL: String? = nil,
        notificationURL: String? = nil,
        callWindow: Duration = .seconds(15),
        tokenLifetime: Duration = .seconds(3599),
        clientID: String? = nil,
        clientSecret: String? = nil,
        clientCertificatesPEM: [String] = [],
        federatedSubject: String? = nil,
        trustedFederatedIssuers: [SimulatedFederatedIssuer] = [],
        latency: SimulatedLatency = .none,
        faults: SimulatedFaults = .none,
        terminationDelay: Duration = .seconds(1),
        termination: SimulatedTermination = .answered,
        terminationMix: SimulatedTerminationMix? = nil,
        requestLogLimit: Int = 10_000
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.publicBaseURL = publicBaseURL
        self.botAppID = botAppID
        self.callbackBaseURL = callbackBaseURL
        self.notificationURL = notificationURL
        self.callWindow = callWindow
        self.tokenLifetime = tokenLifetime
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.clientCertificatesPEM = clientCertificatesPEM
        self.federatedSubject = federatedSubject
        self.trustedFederatedIssuers = trustedFederatedIssuers
        self.latency = latency
        self.faults = faults
        self.terminationDelay = terminationDelay
        self.termination = termination
        self.terminationMix = terminationMix
        self.requestLogLimit = requestLogLimit
    }
}
