import Foundation
import Synchronization

/// Where a log handler writes whole lines; one lock keeps lines from interleaving.
final class LogOutputStream: Sendable {
    /// Standard error, shared by every handler of the process.
    static let standardError = LogOutputStream(handle: FileHandle.standardError)

    private let handle: Mutex<FileHandle>

    init(handle: FileHandle) {
        self.handle = Mutex(handle)
    }

    func write(_ bytes: [UInt8]) {
        handle.withLock { $0.write(Data(bytes)) }
    }
}
