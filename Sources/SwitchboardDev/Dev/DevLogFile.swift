import Foundation
import Logging
import Synchronization

/// The log file of `switchboard-dev dev`: every component logs here, one line per event, so the terminal
/// keeps only the progress display.
final class DevLogFile: Sendable {
    /// The file's path.
    let path: String
    private let handle: Mutex<FileHandle>

    /// Creates (or truncates) the file.
    ///
    /// - Throws: ``DevError`` when the file cannot be written.
    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw DevError("cannot write the log file \(path); choose another with --log-file")
        }
        self.path = path
        self.handle = Mutex(handle)
    }

    /// A logger writing to the file at `level` and above.
    func logger(label: String, level: Logger.Level) -> Logger {
        var logger = Logger(label: label, factory: { label in Handler(label: label, file: self) })
        logger.logLevel = level
        return logger
    }

    /// A handler factory for `LoggingSystem.bootstrap`, for loggers made without one passed in.
    func handlerFactory(level: Logger.Level) -> @Sendable (String) -> any LogHandler {
        { label in
            var handler = Handler(label: label, file: self)
            handler.logLevel = level
            return handler
        }
    }

    fileprivate func write(_ line: String) {
        handle.withLock { $0.write(Data(line.utf8)) }
    }

    /// Writes `time level label: message key=value …` lines.
    struct Handler: LogHandler {
        let label: String
        let file: DevLogFile
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            if let extra = event.metadata { merged.merge(extra) { _, new in new } }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let time = Date.now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
            file.write("\(time) \(event.level) \(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)\n")
        }
    }
}
