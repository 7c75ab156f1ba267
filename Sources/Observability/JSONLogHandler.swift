import Foundation
public import Logging

/// A swift-log handler that writes one JSON object per line, for log collectors in Kubernetes.
///
/// Each line has `time` (RFC 3339, UTC, milliseconds), `level`, `label`, `message`, the `source`
/// module, and the merged metadata as string values.
public struct JSONLogHandler: LogHandler {
    /// The logger label, written as `label`.
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
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let eventMetadata = event.metadata {
            merged.merge(eventMetadata) { _, new in new }
        }
        var object: [String: String] = [
            "time": Self.timestamp(),
            "level": event.level.rawValue,
            "label": label,
            "message": event.message.description,
            "source": event.source,
        ]
        for (key, value) in merged where object[key] == nil {
            object[key] = value.description
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        stream.write(Array(data) + [UInt8(ascii: "\n")])
    }

    private static func timestamp() -> String {
        Date.now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
