import Foundation

/// Reads a file line by line, 64 KiB at a time, so a file of millions of lines is never held whole.
struct JSONLinesReader {
    let path: String

    /// A file that cannot be opened or read.
    struct Unreadable: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): cannot read the file: \(reason)" }
    }

    /// Calls `body` with each line (without its line break) and its 1-based number.
    func forEachLine(_ body: (Substring, Int) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Unreadable(path: path, reason: "it does not exist or is not readable")
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var number = 0
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 64 * 1024)
            } catch {
                throw Unreadable(path: path, reason: error.localizedDescription)
            }
            guard let chunk, !chunk.isEmpty else { break }
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                number += 1
                try body(Self.text(pending[start..<newline]), number)
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty {
            number += 1
            try body(Self.text(pending[...]), number)
        }
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> Substring {
        var bytes = bytes
        if bytes.last == 0x0D { bytes.removeLast() }
        return Substring(String(decoding: bytes, as: UTF8.self))
    }
}
