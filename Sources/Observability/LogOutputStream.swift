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

    /// Writes `bytes` with `write(2)` straight from the array: `FileHandle.write(_:)` would copy them
    /// into a `Data` first, and a worker writes a line per call. A line that cannot be written (a closed
    /// descriptor) is dropped, as `FileHandle` would.
    func write(_ bytes: [UInt8]) {
        handle.withLock { handle in
            let descriptor = handle.fileDescriptor
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    // The buffer is non-empty inside the loop, so its base address exists.
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0, errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}
