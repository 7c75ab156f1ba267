public import HummingbirdCore
public import Logging
public import NIOCore
import Synchronization

/// A server child channel that closes every connection the server accepted but never handed to a handler.
///
/// Hummingbird's accept loop drops a connection whose setup completes after the listening socket
/// closed (a graceful shutdown that races an accept, more likely on a loaded machine) or while the
/// loop is cancelled. The dropped connection's `NIOAsyncChannel` still holds an unfinished writer,
/// and NIO traps on that ("Deinited NIOAsyncWriter without calling finish()"), which kills the
/// process. This wrapper passes each connection to `base.handle` exactly once: from the server as
/// usual or, when the server dropped it, after closing it, so the writer is finished and nothing is
/// served on a server that is going away.
public struct DropSafeChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    /// One accepted connection, closed and released if the server drops it unhandled.
    public struct Value: ServerChildChannelValue {
        let handoff: Handoff

        /// The accepted connection's channel.
        public var channel: any Channel { handoff.value.channel }
    }

    /// Owns the base value; its deinit runs when the last copy of `Value` goes away.
    final class Handoff: Sendable {
        let value: Base.Value
        let base: Base
        let logger: Logger
        private let handled = Atomic(false)

        init(value: Base.Value, base: Base, logger: Logger) {
            self.value = value
            self.base = base
            self.logger = logger
        }

        /// Marks the connection as taken by the server's handler.
        func take() {
            handled.store(true, ordering: .sequentiallyConsistent)
        }

        deinit {
            guard !handled.load(ordering: .sequentiallyConsistent) else { return }
            logger.debug("Closing a connection the server accepted while it stopped")
            value.channel.close(promise: nil)
            // The base handler finishes the connection's writer and waits for the close; on a closed
            // channel it reads nothing and returns at once.
            Task { [base, value, logger] in await base.handle(value: value, logger: logger) }
        }
    }

    /// The wrapped child channel (HTTP/1, HTTP/2 upgrade, …).
    public let base: Base

    /// Wraps `base`.
    public init(_ base: Base) {
        self.base = base
    }

    /// Sets up the connection as `base` does.
    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).map { [base] value in
            Value(handoff: Handoff(value: value, base: base, logger: logger))
        }
    }

    /// Serves the connection with `base`.
    public func handle(value: Value, logger: Logger) async {
        value.handoff.take()
        await base.handle(value: value.handoff.value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 as Hummingbird's `.http1(configuration:)`, closing connections the server drops unhandled
    /// (see ``DropSafeChildChannel``).
    /// - Parameter configuration: The HTTP/1 channel's configuration; default Hummingbird's.
    public static func dropSafeHTTP1(configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        .init { responder in DropSafeChildChannel(HTTP1Channel(responder: responder, configuration: configuration)) }
    }

    /// Wraps the child channel `make` builds in a ``DropSafeChildChannel``.
    /// - Parameter make: Builds the server's child channel from the HTTP responder.
    public static func dropSafe<Child: ServerChildChannel>(
        _ make: @escaping @Sendable (@escaping HTTPChannelHandler.Responder) throws -> Child
    ) -> HTTPServerBuilder {
        .init { responder in DropSafeChildChannel(try make(responder)) }
    }
}
