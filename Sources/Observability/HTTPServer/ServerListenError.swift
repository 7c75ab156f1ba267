#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import NIOCore

/// A server that could not start listening: which server, on which address, and why.
///
/// NIO reports a taken port as "bind(descriptor:ptr:bytes:): Address already in use (errno: 98)",
/// which names neither the server nor the port; a process with several servers (the ingress's webhook
/// and its health port, `switchboard-dev dev`'s five) left the operator guessing which flag to change.
public struct ServerListenError: Error, CustomStringConvertible {
    /// The server, as a person would name it: "the ingress's webhook".
    public var server: String
    /// The address it was to bind.
    public var host: String
    /// The port it was to bind; 0 asked for any free one.
    public var port: Int
    /// Why the kernel refused, such as "Address already in use (errno 98)".
    public var reason: String

    public init(server: String, host: String, port: Int, reason: String) {
        self.server = server
        self.host = host
        self.port = port
        self.reason = reason
    }

    public var description: String {
        "\(server) cannot listen on \(host):\(port): \(reason)"
    }

    /// Runs a server, turning a failure to bind its address into a `ServerListenError`.
    ///
    /// A listening server never gets these errors later, so they are read as the bind's: a port in
    /// use or not allowed, an address this machine does not have, a host name that does not resolve.
    public static func naming(
        _ server: String, host: String, port: Int, running body: () async throws -> Void
    ) async throws {
        do {
            try await body()
        } catch let error as IOError where [EADDRINUSE, EADDRNOTAVAIL, EACCES].contains(error.errnoCode) {
            let text = String(cString: strerror(error.errnoCode))
            let hint = error.errnoCode == EADDRINUSE ? "; another process is listening there" : ""
            throw ServerListenError(server: server, host: host, port: port, reason: "\(text) (errno \(error.errnoCode))\(hint)")
        } catch let error as SocketAddressError {
            throw ServerListenError(server: server, host: host, port: port, reason: "the address does not resolve (\(error))")
        }
    }
}
