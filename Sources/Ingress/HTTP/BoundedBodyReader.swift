import HTTPTypes
import Hummingbird

/// Reads a request body into memory, refusing it as soon as it passes the limit.
///
/// A declared `Content-Length` over the limit is refused before any byte is read; a chunked body is
/// read chunk by chunk and dropped at the first chunk that crosses the limit, so at most `limit` bytes
/// (plus the one chunk in hand) are ever held for a request.
enum BoundedBodyReader {
    /// The body's bytes, read within `timeout` of the call.
    ///
    /// A client that sends its body slowly (or not at all) holds a connection and an in-flight slot;
    /// past `timeout` the read is abandoned and the request answered 408.
    ///
    /// - Throws: ``IngressRejection/tooLarge(limit:)`` past `limit`; ``IngressRejection/requestTimeout(_:)``
    ///   past `timeout`; errors of the connection.
    static func read(_ request: Request, limit: Int, timeout: Duration) async throws -> [UInt8] {
        try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask { try await read(request, limit: limit) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            // The first child to finish decides; both return or throw, so `next()` has a value.
            guard let first = try await group.next(), let bytes = first else {
                throw IngressRejection.requestTimeout(timeout)
            }
            return bytes
        }
    }

    /// The body's bytes.
    ///
    /// - Throws: ``IngressRejection/tooLarge(limit:)`` past `limit`; errors of the connection.
    static func read(_ request: Request, limit: Int) async throws -> [UInt8] {
        var expected = 0
        if let declared = request.headers[.contentLength] {
            guard let length = Int(declared), length >= 0 else {
                throw IngressRejection.malformed("the Content-Length \"\(declared)\" is not a byte count")
            }
            guard length <= limit else { throw IngressRejection.tooLarge(limit: limit) }
            expected = length
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(expected > 0 ? expected : 4096)
        for try await chunk in request.body {
            guard bytes.count + chunk.readableBytes <= limit else {
                throw IngressRejection.tooLarge(limit: limit)
            }
            chunk.withUnsafeReadableBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
    }
}
