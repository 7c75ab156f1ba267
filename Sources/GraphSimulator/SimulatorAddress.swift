/// Where a running simulator listens.
public struct SimulatorAddress: Sendable, Hashable {
    /// The host it listens on.
    public var host: String
    /// The bound port (the real one when 0 was configured).
    public var port: Int
    /// Whether it serves HTTPS.
    public var isTLS: Bool

    /// `http(s)://host:port`, the Graph base URL and token authority for clients. A wildcard host
    /// (`0.0.0.0`, `::`) is given as `127.0.0.1`.
    public var baseURL: String {
        let reachable = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        let bracketed = reachable.contains(":") ? "[\(reachable)]" : reachable
        return "\(isTLS ? "https" : "http")://\(bracketed):\(port)"
    }
}
