import CallModel
import Foundation
public import Logging

/// A swift-log handler that writes one JSON object per line, for log collectors in Kubernetes.
///
/// Each line has `time` (RFC 3339, UTC, milliseconds), `level`, `label`, `message`, the `source`
/// module, and the merged metadata as string values, keys sorted. A metadata key that names one of the
/// fixed members is left out. Written with the project's JSON writer: a worker writes a line per call.
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

    private static let fixedKeys: Set = ["label", "level", "message", "source", "time"]

    public func log(event: LogEvent) {
        let merged = LogLineMetadata.merge(metadata, provider: metadataProvider, event: event)
        var fields: [(key: String, value: String)] = [
            ("label", label),
            ("level", event.level.rawValue),
            ("message", event.message.description),
            ("source", event.source),
            ("time", OutcomeTimestamp.format(Date())),
        ]
        fields.reserveCapacity(5 + merged.count)
        for (key, value) in merged where !Self.fixedKeys.contains(key) {
            fields.append((key, value.description))
        }
        fields.sort { $0.key < $1.key }
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        for field in fields {
            writer.member(field.key, field.value)
        }
        writer.endObject()
        var line = writer.bytes
        line.append(UInt8(ascii: "\n"))
        stream.write(line)
    }
}
