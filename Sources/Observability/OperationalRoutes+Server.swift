import Hummingbird
public import Logging
public import ServiceLifecycle

extension OperationalRoutes {
    /// A server of these routes alone, to run in a `ServiceGroup` (the worker's operations server).
    /// A failure to listen is a ``ServerListenError`` that names it by `name`.
    ///
    /// - Parameters:
    ///   - name: The server as a person would name it: "the worker's health server".
    ///   - host: The address bound.
    ///   - port: The port; 0 picks a free one.
    ///   - logger: The server's logger.
    ///   - onListening: Called once the server listens, with the bound port (the real one when `port` is 0).
    public func server(
        _ name: String, host: String, port: Int, logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> any Service {
        let router = Router()
        register(on: router)
        let application = Application(
            router: router,
            server: .dropSafeHTTP1(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        return NamedServer(name, host: host, port: port, base: application)
    }
}
