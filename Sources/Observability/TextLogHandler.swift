import Foundation
public import Logging

/// swift-log's `StreamLogHandler` line, `2026-12-04T21:16:01+0000 info switchboard.worker: call.id=… [Worker]
/// Call outcome`, written to standard error, with the metadata formatted only when a line is written.
///
/// `StreamLogHandler` formats its whole metadata into text every time a key is set; the worker and
/// AsyncHTTPClient set keys on a request's logger several times per call, at any level, so that was a
/// few dozen allocations per call for lines that are mostly never written.
public struct TextLogHandler: LogHandler {
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
        let merged = LogLineMetadata.merge(metadata, provider: metadataProvider, event: event)
        var line: [UInt8] = []
        line.reserveCapacity(256)
        Self.appendTimestamp(to: &line)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: event.level.rawValue.utf8)
        if !label.isEmpty {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: label.utf8)
        }
        line.append(UInt8(ascii: ":"))
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: key.utf8)
            line.append(UInt8(ascii: "="))
            line.append(contentsOf: value.description.utf8)
        }
        line.append(contentsOf: " [".utf8)
        line.append(contentsOf: event.source.utf8)
        line.append(contentsOf: "] ".utf8)
        line.append(contentsOf: event.message.description.utf8)
        line.append(UInt8(ascii: "\n"))
        stream.write(line)
    }

    /// Local time to the second with its UTC offset, as `StreamLogHandler` writes it.
    private static func appendTimestamp(to line: inout [UInt8]) {
        var now = time(nil)
        var local = tm()
        guard localtime_r(&now, &local) != nil else {
            line.append(contentsOf: "<unknown>".utf8)
            return
        }
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            // The temporary allocation has 32 elements, so its base address exists.
            let count = strftime(buffer.baseAddress!, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
            line.append(contentsOf: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
        }
    }
}
