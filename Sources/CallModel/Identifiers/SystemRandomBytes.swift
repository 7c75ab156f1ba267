import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random bytes from the system's generator, read 4 KiB at a time and handed out once each.
///
/// The standard library's `SystemRandomNumberGenerator` makes a `getrandom` system call per 8 bytes, so a
/// 16-byte UUID cost two. Reading `/dev/urandom` (the same generator) in 4 KiB blocks makes it one call per
/// 256 UUIDs. Where `/dev/urandom` cannot be read, the standard library's generator fills the block.
///
/// The unused bytes live in the process: a child made by `fork()` without `exec()` would hand out the same
/// ones as its parent. Switchboard makes no such child.
final class SystemRandomBytes: Sendable {
    /// The process's one source.
    static let shared = SystemRandomBytes()

    /// Bytes read per refill.
    static let blockSize = 4096

    private struct Block {
        var bytes = [UInt8](repeating: 0, count: SystemRandomBytes.blockSize)
        /// The first byte not handed out yet; the whole block is used up at first.
        var next = SystemRandomBytes.blockSize
    }

    private let block = Mutex(Block())
    /// `/dev/urandom`, opened once; -1 when it cannot be opened.
    private let descriptor: Int32

    private init() {
        descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
    }

    /// Fills `destination` (at most `blockSize` bytes) with bytes no other caller gets.
    func fill(_ destination: UnsafeMutableRawBufferPointer) {
        precondition(destination.count <= Self.blockSize, "at most \(Self.blockSize) random bytes at a time")
        block.withLock { block in
            if block.next + destination.count > block.bytes.count {
                block.bytes.withUnsafeMutableBytes { refill($0) }
                block.next = 0
            }
            block.bytes.withUnsafeBytes { source in
                let start = block.next
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + destination.count]))
            }
            block.next += destination.count
        }
    }

    /// Reads a whole block from `/dev/urandom`, or fills it from the standard library's generator.
    private func refill(_ buffer: UnsafeMutableRawBufferPointer) {
        var filled = 0
        if descriptor >= 0, let base = buffer.baseAddress {
            while filled < buffer.count {
                let count = read(descriptor, base + filled, buffer.count - filled)
                if count > 0 {
                    filled += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        while filled < buffer.count {
            withUnsafeBytes(of: generator.next() as UInt64) { word in
                let count = min(word.count, buffer.count - filled)
                UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<filled + count])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: word[0..<count]))
                filled += count
            }
        }
    }
}
