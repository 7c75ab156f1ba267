import Synchronization

/// A request body that records when AsyncHTTPClient first reads it.
///
/// The client reads the body only once it has a connection and has written the request head, so
/// before that moment Graph cannot have acted on the request: an attempt that ends earlier (its
/// deadline passed while connecting or waiting for a pooled connection, common on a loaded machine)
/// is not in doubt and must not make the call `unconfirmed`.
///
/// It is a `Collection` and deliberately not a `RandomAccessCollection`: AsyncHTTPClient copies a small
/// collection into a buffer on the event loop when the body is due (`HTTPClientRequest.Body.bytes(_:length:)`),
/// while a random-access one is copied at once, before any connection, and an `AsyncSequence` body costs a
/// task and a suspension per request.
struct ObservedRequestBody: Collection, Sendable {
    /// Set once the client read the body.
    final class Progress: Sendable {
        private let started = Atomic(false)

        /// Whether the client started sending the body (and so the request).
        var hasStarted: Bool { started.load(ordering: .acquiring) }

        fileprivate func markStarted() {
            started.store(true, ordering: .releasing)
        }
    }

    let bytes: [UInt8]
    let progress: Progress

    var startIndex: Int { bytes.startIndex }
    var endIndex: Int { bytes.endIndex }
    var count: Int { bytes.count }
    func index(after index: Int) -> Int { bytes.index(after: index) }
    subscript(position: Int) -> UInt8 { bytes[position] }

    func makeIterator() -> IndexingIterator<[UInt8]> {
        progress.markStarted()
        return bytes.makeIterator()
    }

    func withContiguousStorageIfAvailable<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        progress.markStarted()
        return try bytes.withContiguousStorageIfAvailable(body)
    }
}
