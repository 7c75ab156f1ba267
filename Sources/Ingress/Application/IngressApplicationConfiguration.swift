public import Kafka

/// Everything one ingress process is made of: how it listens (webhook and operations ports), how it
/// checks notifications and how it hands them to Kafka. ``IngressApplication`` builds every client from it.
///
/// Every setting has a default; ``validate()`` names the ones no default can make right (the bot's app
/// id while tokens are checked).
public struct IngressApplicationConfiguration: Sendable {
    /// The address to listen on. Default `0.0.0.0`.
    public var host: String
    /// The port the webhook listens on; 0 picks a free one. Default 8080.
    public var port: Int
    /// The port of `/healthz`, `/readyz` and `/metrics`, apart from the webhook so probes and scrapes
    /// never queue behind notifications and the metrics are not exposed where Graph posts; 0 picks a
    /// free one. Default 8081 (the worker's too).
    public var healthPort: Int
    /// The topic notifications are stored in. Default `calls.notifications`.
    public var notificationsTopic: String
    /// How bearer tokens are checked. Default: on, Microsoft's keys and issuer, and no bot app id, which
    /// ``validate()`` refuses until one is set.
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
    /// The most items one body's `value` may carry; more get 413. Default 16 (Graph sends one or a few).
    public var maxNotificationsPerBody: Int
    /// The most distinct calls one body may name; more get 413. Default 4: Graph sends the
    /// notifications of one call per body, and each call of a body becomes its own record.
    public var maxCallsPerBody: Int
    /// The most records of one body produced at once. Default 4.
    public var produceConcurrency: Int
    /// How the HTTP server treats slow or idle clients, and how many connections it holds.
    public var connections: IngressConnectionLimits
    /// The producer writing to the notifications topic; see ``producerConfiguration(client:)`` for the
    /// settings the ingress is measured with. Default: those settings on brokers at `localhost:9092`.
    public var kafka: KafkaProducerConfiguration

    /// Creates a configuration; every setting has a default.
    ///
    /// - Parameters:
    ///   - host: Listen address (default `0.0.0.0`).
    ///   - port: Webhook port (default 8080).
    ///   - healthPort: Port of `/healthz`, `/readyz` and `/metrics` (default 8081).
    ///   - notificationsTopic: Target topic (default `calls.notifications`).
    ///   - authentication: Token checks (default on); `botAppID` is required while they are on.
    ///   - maxBodyBytes: Body limit (default 256 KiB).
    ///   - produceTimeout: Time budget of one hand-off (default 2 s).
    ///   - maxInFlight: In-flight bound (default 1,024).
    ///   - shutdownFlushTimeout: Flush time at shutdown (default 10 s).
    ///   - maxNotificationsPerBody: Items per body (default 16).
    ///   - maxCallsPerBody: Distinct calls per body (default 4).
    ///   - produceConcurrency: Records of one body produced at once (default 4).
    ///   - connections: Idle timeout, read deadlines and the connection cap (defaults in ``IngressConnectionLimits``).
    ///   - kafka: The producer's configuration (default ``producerConfiguration(client:)`` on `localhost:9092`).
    public init(
        host: String = "0.0.0.0",
        port: Int = IngressDefaults.port,
        healthPort: Int = IngressDefaults.healthPort,
        notificationsTopic: String = IngressDefaults.notificationsTopic,
        authentication: TokenValidationConfiguration = TokenValidationConfiguration(botAppID: ""),
        maxBodyBytes: Int = IngressDefaults.maxBodyBytes,
        produceTimeout: Duration = .seconds(2),
        maxInFlight: Int = 1024,
        shutdownFlushTimeout: Duration = .seconds(10),
        maxNotificationsPerBody: Int = IngressDefaults.maxNotificationsPerBody,
        maxCallsPerBody: Int = IngressDefaults.maxCallsPerBody,
        produceConcurrency: Int = IngressDefaults.produceConcurrency,
        connections: IngressConnectionLimits = IngressConnectionLimits(),
        kafka: KafkaProducerConfiguration = IngressApplicationConfiguration.producerConfiguration(client: KafkaClientConfiguration(bootstrapServers: "localhost:9092"))
    ) {
        self.host = host
        self.port = port
        self.healthPort = healthPort
        self.notificationsTopic = notificationsTopic
        self.authentication = authentication
        self.maxBodyBytes = maxBodyBytes
        self.produceTimeout = produceTimeout
        self.maxInFlight = maxInFlight
        self.shutdownFlushTimeout = shutdownFlushTimeout
        self.maxNotificationsPerBody = maxNotificationsPerBody
        self.maxCallsPerBody = maxCallsPerBody
        self.produceConcurrency = produceConcurrency
        self.connections = connections
        self.kafka = kafka
    }

    /// The producer settings for the ingress: idempotent with `acks=all` (a 202 means every in-sync
    /// replica has the record), no linger (an acknowledgement never waits for a batch to fill; batches
    /// still form from concurrent requests while earlier ones are in flight), and a 10 s message timeout
    /// so records of requests already answered 503 do not pile up in the local queue.
    public static func producerConfiguration(client: KafkaClientConfiguration) -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(
            client: client,
            idempotent: true,
            acknowledgements: .all,
            linger: .zero,
            messageTimeout: .seconds(10)
        )
    }
}
