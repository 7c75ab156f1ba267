/// How the ingress's HTTP server treats slow and idle clients, and how many connections it holds.
///
/// A client that opens connections and sends nothing, or sends its request a byte at a time, must
/// not hold a connection (and its memory) for long: the head of a request must arrive within
/// ``requestHeadTimeout``, its body within ``requestBodyTimeout``, and a connection with nothing to
/// read is closed after ``idleTimeout``. Past ``maxConnections`` new connections wait in the listen
/// backlog until one closes.
public struct IngressConnectionLimits: Sendable, Hashable {
    /// A connection on which nothing arrives for this long is closed (HTTP/1 idle timeout). Default 30 s.
    public var idleTimeout: Duration
    /// The time from a connection's opening (or the end of its previous response) to a complete
    /// request head; past it the server answers 408 and closes. Default 5 s (plus the idle timeout
    /// between requests of a kept-alive connection).
    public var requestHeadTimeout: Duration
    /// The time to receive a request's whole body once its head arrived; past it 408 and the
    /// connection is closed. Default 5 s (a 256 KiB body at 50 KiB/s).
    public var requestBodyTimeout: Duration
    /// The most connections open at once. Default 2,048.
    public var maxConnections: Int

    /// Creates the limits.
    ///
    /// - Parameters:
    ///   - idleTimeout: Idle time before a connection is closed (default 30 s).
    ///   - requestHeadTimeout: Deadline of a request head (default 5 s).
    ///   - requestBodyTimeout: Deadline of a request body (default 5 s).
    ///   - maxConnections: Open connections at most (default 2,048).
    public init(
        idleTimeout: Duration = .seconds(30),
        requestHeadTimeout: Duration = .seconds(5),
        requestBodyTimeout: Duration = .seconds(5),
        maxConnections: Int = 2048
    ) {
        self.idleTimeout = idleTimeout
        self.requestHeadTimeout = requestHeadTimeout
        self.requestBodyTimeout = requestBodyTimeout
        self.maxConnections = maxConnections
    }

    /// Checks that every limit is positive.
    ///
    /// - Throws: ``IngressConfigurationError`` naming the first bad limit.
    func validate() throws(IngressConfigurationError) {
        for (setting, value) in [("idle timeout", idleTimeout), ("request head timeout", requestHeadTimeout),
                                 ("request body timeout", requestBodyTimeout)] where value <= .zero {
            throw IngressConfigurationError(setting: setting, message: "must be positive")
        }
        guard maxConnections > 0 else {
            throw IngressConfigurationError(setting: "max connections", message: "must be positive")
        }
    }
}
