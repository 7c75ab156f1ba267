public import Logging

/// How a ``LogLineHandler`` lays out one line.
public protocol LogLineLayout: Sendable {
    /// The whole line, newline included, for `event` with its merged `metadata`.
    static func line(label: String, event: LogEvent, metadata: Logger.Metadata) -> [UInt8]
}

/// A swift-log handler that writes each event as one line to standard error, laid out by `Layout`
/// (``TextLogHandler``, ``JSONLogHandler``).
///
/// The metadata is kept as it is and formatted only when a line is written: swift-log's `StreamLogHandler`
/// formats its whole metadata every time a key is set, and the worker and AsyncHTTPClient set keys on a
/// request's logger several times per call, at any level.
public struct LogLineHandler<Layout: LogLineLayout>: LogHandler {
    /// The logger label.
    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let stream: LogOutputStream

    /// Creates a handler writing to standard error.
    public init(label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, logLevel: logLevel, metadataProvider: metadataProvider, stream: .standardError)
    }

    init(label: String, logLevel: Logger.Level, metadataProvider: Logger.MetadataProvider?, stream: LogOutputStream) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.stream = stream
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        stream.write(Layout.line(label: label, event: event, metadata: merged(with: event)))
    }

    /// The handler's metadata, then the provider's, then the event's, later ones winning, and the event's
    /// error as `error.message` and `error.type` (as swift-log's own handlers write it). The handler's
    /// dictionary is copied only when something is added to it.
    private func merged(with event: LogEvent) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }
}

/// swift-log's human-readable lines.
public typealias TextLogHandler = LogLineHandler<TextLogLine>

/// One JSON object per line, for log collectors in Kubernetes.
public typealias JSONLogHandler = LogLineHandler<JSONLogLine>
