public import ServiceLifecycle

/// A server `Service` whose failure to listen is a ``ServerListenError`` naming it and its address.
public struct NamedServer: Service {
    let name: String
    let host: String
    let port: Int
    let base: any Service

    /// - Parameters:
    ///   - name: The server as a person would name it: "the worker's health server".
    ///   - host: The address it binds.
    ///   - port: The port it binds (0 for any free one).
    ///   - base: The server.
    public init(_ name: String, host: String, port: Int, base: any Service) {
        self.name = name
        self.host = host
        self.port = port
        self.base = base
    }

    public func run() async throws {
        try await ServerListenError.naming(name, host: host, port: port) { try await base.run() }
    }
}
