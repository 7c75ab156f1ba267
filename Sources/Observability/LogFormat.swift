public import Logging

/// How a process writes its logs.
public enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's human-readable lines.
    case text
    /// One JSON object per line, for log collectors.
    case json

    /// A handler factory for `LoggingSystem.bootstrap`, writing to standard error at `level`.
    public func handlerFactory(level: Logger.Level) -> @Sendable (String) -> any LogHandler {
        switch self {
        case .text:
            return { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            return { label in JSONLogHandler(label: label, logLevel: level) }
        }
    }
}
