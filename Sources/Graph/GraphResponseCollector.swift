import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// Collects one Graph answer for AsyncHTTPClient's event-loop API, and notes when the request left.
///
/// The request head is written only once the client has a connection, so before that moment Graph
/// cannot have acted on the request: an attempt that ends earlier (its deadline passed while
/// connecting or waiting for a pooled connection, common on a loaded machine) is not in doubt and must
/// not make the call `unconfirmed`.
///
/// The event-loop API, unlike the `async` one, keeps the request's deadline until the body has ended, on
/// an event-loop timer; the `async` one stops it at the response head, so its body needed a timer of
/// its own (a task group with a sleeping child), and it starts a task per request to register the
/// request for cancellation.
final class GraphResponseCollector: HTTPClientResponseDelegate {
    /// A whole answer.
    struct Response: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
        let version: HTTPVersion
    }

    /// The body was larger than the collector takes.
    struct BodyTooLarge: Error, CustomStringConvertible {
        let limit: Int
        var description: String { "the response body exceeds \(limit) bytes" }
    }

    /// The client finished a request without its head; it does not, this guards the contract.
    struct MissingHead: Error, CustomStringConvertible {
        var description: String { "the response ended without a head" }
    }

    private struct State {
        var sentHead = false
        var head: HTTPResponseHead?
        var body: ByteBuffer?
    }

    private let maximumBodySize: Int
    // The client calls the delegate on the request's event loop; the attempt reads `hasSentRequestHead`
    // from its task, after the answer or the failure.
    private let state = Mutex(State())

    init(maximumBodySize: Int) {
        self.maximumBodySize = maximumBodySize
    }

    /// Whether the client wrote the request head, so Graph may have received the request.
    var hasSentRequestHead: Bool { state.withLock { $0.sentHead } }

    func didSendRequestHead(task: HTTPClient.Task<Response>, _ head: HTTPRequestHead) {
        state.withLock { $0.sentHead = true }
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        state.withLock { $0.head = head }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let fits = state.withLock { state -> Bool in
            guard (state.body?.readableBytes ?? 0) + buffer.readableBytes <= maximumBodySize else { return false }
            if state.body == nil {
                state.body = buffer
            } else {
                var part = buffer
                state.body?.writeBuffer(&part)
            }
            return true
        }
        return fits ? task.eventLoop.makeSucceededVoidFuture() : task.eventLoop.makeFailedFuture(BodyTooLarge(limit: maximumBodySize))
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
        try state.withLock { state in
            guard let head = state.head else { throw MissingHead() }
            return Response(
                status: Int(head.status.code), headers: head.headers, body: state.body ?? ByteBuffer(), version: head.version)
        }
    }
}
