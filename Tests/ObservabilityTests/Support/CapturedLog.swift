import Foundation
import Logging

@testable import Observability

/// What a `LogLineHandler` of `Layout` wrote while `body` logged through it (label `switchboard.worker`,
/// level `level`), read back from a pipe.
func capturedLog<Layout: LogLineLayout>(
    _ layout: Layout.Type, level: Logger.Level = .info, _ body: (inout Logger) -> Void
) throws -> String {
    let pipe = Pipe()
    let handler = LogLineHandler<Layout>(
        label: "switchboard.worker", logLevel: level, metadataProvider: nil,
        stream: LogOutputStream(handle: pipe.fileHandleForWriting))
    var logger = Logger(label: "switchboard.worker") { _ in handler }
    body(&logger)
    try pipe.fileHandleForWriting.close()
    return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
}
