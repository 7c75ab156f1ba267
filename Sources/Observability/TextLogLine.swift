import Foundation
public import Logging

/// swift-log's `StreamLogHandler` line: `2026-12-04T21:16:01+0000 info switchboard.worker: call.id=… [Worker]
/// Call outcome`, metadata sorted by key.
public enum TextLogLine: LogLineLayout {
    public static func line(label: String, event: LogEvent, metadata: Logger.Metadata) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        appendTimestamp(to: &line)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: event.level.rawValue.utf8)
        if !label.isEmpty {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: label.utf8)
        }
        line.append(UInt8(ascii: ":"))
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
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
        return line
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
