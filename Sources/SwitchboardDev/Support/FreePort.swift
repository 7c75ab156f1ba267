import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Picks a free port on 127.0.0.1 and keeps it from being handed out again, for a server whose URL
/// must be known before it starts.
///
/// `dev` configures the ingress and the simulator with each other's URLs, and `bench pipeline` gives
/// its worker process a health port. A port merely found free and closed can be taken before the
/// server binds it: by the embedded broker's listeners, by any client's outgoing connection, or by
/// the next pick. So the pick connects to itself and closes the accepted side first, leaving the
/// port in TIME_WAIT for a minute: the kernel then gives it to no `bind` to port 0 and no outgoing
/// connection, while a server that sets `SO_REUSEADDR` (Hummingbird's default) binds it at once.
enum FreePort {
    /// Why no port could be reserved: the call that failed and its errno.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A port free for a server with `SO_REUSEADDR` on 127.0.0.1, and for nothing else, for a minute.
    static func pick() throws -> Int {
        let listener = try Socket()
        defer { listener.release() }
        var enable: Int32 = 1
        try listener.check(
            setsockopt(listener.descriptor, SOL_SOCKET, SO_REUSEADDR, &enable, socklen_t(MemoryLayout<Int32>.size)),
            "setsockopt(SO_REUSEADDR)")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                try listener.check(bind(listener.descriptor, socketAddress, length), "bind to 127.0.0.1 port 0")
                try listener.check(listen(listener.descriptor, 1), "listen")
                try listener.check(getsockname(listener.descriptor, socketAddress, &length), "getsockname")
                // Loopback completes the handshake from the backlog, so neither call waits.
                let client = try Socket()
                defer { client.release() }
                try client.check(connect(client.descriptor, socketAddress, length), "connect to the reserved port")
                let accepted = accept(listener.descriptor, nil, nil)
                try listener.check(accepted, "accept")
                // The side that closes first keeps the port in TIME_WAIT.
                close(accepted)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A TCP socket, closed by its owner.
    private struct Socket {
        let descriptor: Int32

        init() throws {
            #if canImport(Glibc)
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
            descriptor = socket(AF_INET, SOCK_STREAM, 0)
            #endif
            guard descriptor >= 0 else { throw Failure(description: "cannot open a socket to reserve a port (errno \(errno))") }
        }

        func check(_ result: Int32, _ call: String) throws {
            guard result >= 0 else { throw Failure(description: "cannot reserve a free port: \(call) failed (errno \(errno))") }
        }

        func release() {
            close(descriptor)
        }
    }
}
