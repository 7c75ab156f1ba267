public import Logging

/// How a process writes its logs.
public enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's human-readable lines (``TextLogHandler``).
    case text
    /// One JSON object per line, for log collectors.
    case json

    /// A handler factory for `LoggingSystem.bootstrap`, writing to standard error at `level`.
    public func handlerFactory(level: Logger.Level) -> @Sendable (String) -> any LogHandler {
        switch self {
        case .text:
            return { label in TextLogHandler(label: label, logLevel: level) }
        case .json:
            return { label in JSONLogHandler(label: label, logLevel: level) }
        }
    }
}
