import Foundation
import NIOCore
import NIOPosix

/// An upload the server refuses part-way: a raw client sends a request head and the start of a body,
/// reads the server's answer, then keeps writing the body and counts how many more bytes the
/// connection accepted before the server closed it.
///
/// A server that reads (or drains) the whole body lets the client write all of it; one that closes
/// after refusing lets it write only what the kernel's socket buffers hold.
struct RefusedUpload {
    /// The server's answer, head and body, as text.
    var response: String
    /// Body bytes the connection accepted after the answer, before it failed.
    var acceptedAfterAnswer: Int
    /// The body bytes the client was ready to send after the answer.
    var offered: Int

    /// Connects to 127.0.0.1:`port`, writes `head` and `start`, reads one complete response, then writes
    /// `piece` until `total` bytes have been written or the connection fails.
    ///
    /// Bounded by `total` and, when the server neither reads nor closes, by the calling suite's time limit.
    static func run(port: Int, head: String, start: [UInt8] = [], piece: ByteBuffer, total: Int) async throws -> RefusedUpload {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var request = ByteBuffer(string: head)
            request.writeBytes(start)
            try await outbound.write(request)
            // The answer comes first, read whole, so no later reset can hide it.
            var received = ByteBuffer()
            var iterator = inbound.makeAsyncIterator()
            while !Self.isComplete(received), var chunk = try await iterator.next() {
                received.writeBuffer(&chunk)
            }
            var accepted = 0
            do {
                while accepted < total {
                    try await outbound.write(piece)
                    accepted += piece.readableBytes
                }
            } catch {
                // The server closed the connection: what was accepted so far is the measure.
            }
            return RefusedUpload(response: String(buffer: received), acceptedAfterAnswer: accepted, offered: total)
        }
    }

    /// Whether `buffer` holds a response head and as many body bytes as its `Content-Length` says.
    private static func isComplete(_ buffer: ByteBuffer) -> Bool {
        let text = String(buffer: buffer)
        guard let headEnd = text.utf8.firstRange(of: "\r\n\r\n".utf8) else { return false }
        let headText = String(decoding: text.utf8[..<headEnd.lowerBound], as: UTF8.self).lowercased()
        let length = headText.split(separator: "\r\n")
            .first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return text.utf8.distance(from: headEnd.upperBound, to: text.utf8.endIndex) >= length
    }
}

extension RefusedUpload {
    /// Bytes the sockets between client and server may hold without the server reading them: the
    /// server's receive buffer and the client's send buffer can each grow to tens of MiB on Linux
    /// (`tcp_rmem`/`tcp_wmem` maximum 32 MiB / 4 MiB here), so the uploads offer 128 MiB and a
    /// server that read it all is told apart from one that stopped by a margin of 64 MiB.
    static let uploadSize = 128 * 1024 * 1024
    static let socketBufferAllowance = 64 * 1024 * 1024
}
