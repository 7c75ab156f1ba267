import NIOCore
import Synchronization

/// A request body that records when AsyncHTTPClient starts reading it.
///
/// The client reads the body only once it has a connection and has written the request head, so
/// before that moment Graph cannot have acted on the request: an attempt that ends earlier (its
/// deadline passed while connecting or waiting for a pooled connection, common on a loaded machine)
/// is not in doubt and must not make the call `unconfirmed`.
struct ObservedRequestBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// Set once the client asked for the body.
    final class Progress: Sendable {
        private let started = Atomic(false)

        /// Whether the client started sending the body (and so the request).
        var hasStarted: Bool { started.load(ordering: .acquiring) }

        fileprivate func markStarted() {
            started.store(true, ordering: .releasing)
        }
    }

    let bytes: ByteBuffer
    let progress: Progress

    struct AsyncIterator: AsyncIteratorProtocol {
        var bytes: ByteBuffer?
        let progress: Progress

        mutating func next() async -> ByteBuffer? {
            progress.markStarted()
            defer { bytes = nil }
            return bytes
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(bytes: bytes, progress: progress)
    }
}
