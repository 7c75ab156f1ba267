import CallModel

/// How the ingress checks the bearer token Microsoft sends with every notification.
///
/// Microsoft signs calling notifications with its own RSA keys (not Entra ID's) and publishes them
/// through an OpenID metadata document; the token's audience is the bot's app id and its `tid` claim
/// names the tenant of the call.
public struct TokenValidationConfiguration: Sendable {
    /// Whether tokens are checked at all. Default `true`.
    ///
    /// - Important: Turn this off only for local development: anyone who can reach the port can then
    ///   inject notifications. The service logs a warning at start-up when it is off.
    public var isEnabled: Bool
    /// The bot's Microsoft app id; a token's `aud` must equal it. Required when checking is on.
    public var botAppID: String
    /// Where the signing keys are published. Default: Microsoft's
    /// `https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration`.
    public var openIDMetadataURL: String
    /// The accepted `iss` values. Default: `https://api.botframework.com`.
    public var allowedIssuers: Set<String>
    /// The tenants (`tid`) whose notifications are accepted; empty accepts every tenant. A bot whose
    /// app is consented in other tenants lists its own here so nobody else can spend its Graph quota.
    public var allowedTenants: Set<String>
    /// Clock skew tolerated on `exp` and `nbf`. Default 60 s (Microsoft's tokens live 300 s); at most
    /// ``maxClockLeeway``.
    public var clockLeeway: Duration
    /// How often the signing keys are fetched again. Default 1 hour; at least ``minKeyRefreshInterval``.
    public var keyRefreshInterval: Duration
    /// The longest keys are used after their last successful fetch while the key endpoint keeps
    /// failing; past it the ingress is not ready and answers 503 until a fetch works. Default 24 hours;
    /// longer than ``keyRefreshInterval``.
    public var maxKeyAge: Duration
    /// The shortest time between two fetches triggered by tokens naming an unknown key, so a flood of
    /// forged `kid`s cannot turn into a flood of requests to Microsoft. Default 30 s.
    public var unknownKeyRefreshInterval: Duration
    /// The time allowed for fetching the metadata document and the key set. Default 5 s.
    public var fetchTimeout: Duration

    /// Creates a token validation configuration.
    ///
    /// - Parameters:
    ///   - isEnabled: Whether tokens are checked (default `true`).
    ///   - botAppID: The expected audience, the bot's app id.
    ///   - openIDMetadataURL: The OpenID metadata document that names the key set (default Microsoft's).
    ///   - allowedIssuers: Accepted issuers (default `https://api.botframework.com`).
    ///   - allowedTenants: Accepted tenants; empty (the default) accepts every tenant.
    ///   - clockLeeway: Skew tolerated on `exp`/`nbf` (default 60 s, at most 5 minutes).
    ///   - keyRefreshInterval: Regular key refresh (default 1 hour, at least 1 minute).
    ///   - maxKeyAge: Longest use of keys the endpoint could not refresh (default 24 hours).
    ///   - unknownKeyRefreshInterval: Minimum time between refreshes caused by unknown keys (default 30 s).
    ///   - fetchTimeout: Timeout of each fetch (default 5 s).
    public init(
        isEnabled: Bool = true,
        botAppID: String,
        openIDMetadataURL: String = IngressDefaults.openIDMetadataURL,
        allowedIssuers: Set<String> = Set(IngressDefaults.allowedIssuers),
        allowedTenants: Set<String> = [],
        clockLeeway: Duration = .seconds(60),
        keyRefreshInterval: Duration = .seconds(3600),
        maxKeyAge: Duration = TokenValidationConfiguration.defaultMaxKeyAge,
        unknownKeyRefreshInterval: Duration = .seconds(30),
        fetchTimeout: Duration = .seconds(5)
    ) {
        self.isEnabled = isEnabled
        self.botAppID = botAppID
        self.openIDMetadataURL = openIDMetadataURL
        self.allowedIssuers = allowedIssuers
        self.allowedTenants = allowedTenants
        self.clockLeeway = clockLeeway
        self.keyRefreshInterval = keyRefreshInterval
        self.maxKeyAge = maxKeyAge
        self.unknownKeyRefreshInterval = unknownKeyRefreshInterval
        self.fetchTimeout = fetchTimeout
    }
}

extension TokenValidationConfiguration {
    /// The largest accepted ``clockLeeway``: 5 minutes (a token's whole lifetime at Microsoft).
    public static let maxClockLeeway = Duration.seconds(300)
    /// The shortest accepted ``keyRefreshInterval``: 1 minute.
    public static let minKeyRefreshInterval = Duration.seconds(60)
    /// The default ``maxKeyAge``: 24 hours.
    public static let defaultMaxKeyAge = Duration.seconds(24 * 3600)

    /// Checks the settings that would weaken the token checks, while checking is on.
    ///
    /// - Throws: ``IngressConfigurationError`` naming the first bad setting.
    func validate() throws(IngressConfigurationError) {
        guard isEnabled else { return }
        guard SecureURL.isAllowed(openIDMetadataURL) else {
            throw IngressConfigurationError(
                setting: "openid metadata url",
                message: "\"\(openIDMetadataURL)\" must be an https URL (http only on a loopback address, for tests and development)"
            )
        }
        guard clockLeeway >= .zero, clockLeeway <= Self.maxClockLeeway else {
            throw IngressConfigurationError(setting: "clock leeway", message: "must be between 0 and 5 minutes")
        }
        guard keyRefreshInterval >= Self.minKeyRefreshInterval else {
            throw IngressConfigurationError(setting: "key refresh interval", message: "must be at least 1 minute")
        }
        guard maxKeyAge > keyRefreshInterval else {
            throw IngressConfigurationError(setting: "max key age", message: "must be longer than the key refresh interval")
        }
        for tenant in allowedTenants.sorted() where TenantID.normalized(tenant) == nil {
            throw IngressConfigurationError(setting: "allowed tenants", message: "\"\(tenant)\" is not a tenant id (a GUID)")
        }
        guard unknownKeyRefreshInterval >= .zero, fetchTimeout > .zero else {
            throw IngressConfigurationError(setting: "key fetching", message: "the fetch timeout must be positive")
        }
    }
}
