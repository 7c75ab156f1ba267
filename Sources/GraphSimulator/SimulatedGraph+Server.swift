import HummingbirdCore
import HummingbirdHTTP2
import NIOSSL
import Observability

extension SimulatedGraph {
    /// HTTP/2 with an HTTP/1.1 fallback (ALPN) over TLS, closing connections the server drops unhandled
    /// (see `DropSafeChildChannel`).
    static func http2Server(tlsConfiguration: TLSConfiguration) -> HTTPServerBuilder {
        .dropSafe { responder in
            try HTTP2UpgradeChannel(tlsConfiguration: tlsConfiguration, configuration: .init(), responder: responder)
        }
    }
}
