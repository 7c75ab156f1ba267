import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes the connection as soon as a response that says `Connection: close` has been written.
///
/// After a response Hummingbird reads and discards whatever is left of the request's body, unless
/// the *request* asked to close. A refused body (413 over the limit, 408 too slow) would therefore
/// still be read to its end, for as long as the client cares to send it. Closing right after the
/// answer means the ingress reads no more of a body than it had read when it refused it.
///
/// - Important: Runs on the channel's event loop only, like every channel handler.
final class CloseAfterResponseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closeAfterEnd = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            closeAfterEnd = head.headerFields[.connection].map(Self.saysClose) ?? false
            context.write(data, promise: promise)
        case .end where closeAfterEnd:
            closeAfterEnd = false
            let written = context.writeAndFlush(data)
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            written.cascade(to: promise)
        case .body, .end:
            context.write(data, promise: promise)
        }
    }

    /// Whether a `Connection` field value lists the `close` option (RFC 9110 §7.6.1, case-insensitive).
    private static func saysClose(_ value: String) -> Bool {
        value.split(separator: ",").contains { option in option.filter { $0 != " " && $0 != "\t" }.lowercased() == "close" }
    }
}
