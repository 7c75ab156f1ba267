/// How the ingress listens, checks notifications and hands them to Kafka.
public struct IngressConfiguration: Sendable {
    /// The address to listen on. Default `0.0.0.0`.
    public var host: String
    /// The port to listen on; 0 picks a free one. Default 8080.
    public var port: Int
    /// The topic notifications are stored in. Default `calls.notifications`.
    public var notificationsTopic: String
    /// How bearer tokens are checked (on by default).
    public var authentication: TokenValidationConfiguration
    /// The largest accepted body; larger ones get 413. Default 256 KiB.
    public var maxBodyBytes: Int
    /// The longest a request waits for the broker's acknowledgement before answering 503. Default 2 s:
    /// Graph's window for a call is 15 s and it must have time to retry.
    public var produceTimeout: Duration
    /// The most notifications read or stored at once; past it requests get 503 at once. Default 1,024,
    /// which bounds buffered bodies to 256 MiB at the default body limit (notifications are ~2 KiB).
    public var maxInFlight: Int
    /// How long shutdown waits for records still queued in the producer. Default 10 s.
    public var shutdownFlushTimeout: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - host: Listen address (default `0.0.0.0`).
    ///   - port: Listen port (default 8080).
    ///   - notificationsTopic: Target topic (default `calls.notifications`).
    ///   - authentication: Token checks; `botAppID` is required while they are on.
    ///   - maxBodyBytes: Body limit (default 256 KiB).
    ///   - produceTimeout: Time budget of one hand-off (default 2 s).
    ///   - maxInFlight: In-flight bound (default 1,024).
    ///   - shutdownFlushTimeout: Flush time at shutdown (default 10 s).
    public init(
        host: String = "0.0.0.0",
        port: Int = IngressDefaults.port,
        notificationsTopic: String = IngressDefaults.notificationsTopic,
        authentication: TokenValidationConfiguration,
        maxBodyBytes: Int = IngressDefaults.maxBodyBytes,
        produceTimeout: Duration = .seconds(2),
        maxInFlight: Int = 1024,
        shutdownFlushTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.notificationsTopic = notificationsTopic
        self.authentication = authentication
        self.maxBodyBytes = maxBodyBytes
        self.produceTimeout = produceTimeout
        self.maxInFlight = maxInFlight
        self.shutdownFlushTimeout = shutdownFlushTimeout
    }
}
