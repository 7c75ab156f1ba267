import Testing

@testable import CallModel

/// Random bytes read from the system in blocks and handed out once each.
@Suite struct SystemRandomBytesTests {
    @Test("Across refills no piece repeats and every bit varies")
    func acrossRefills() {
        // 100-byte pieces do not divide the block, so some refills leave a remainder unused.
        let pieces = (0..<3 * SystemRandomBytes.blockSize / 100).map { _ in
            var piece = [UInt8](repeating: 0, count: 100)
            piece.withUnsafeMutableBytes { SystemRandomBytes.shared.fill($0) }
            return piece
        }
        #expect(Set(pieces).count == pieces.count)
        // A block left partly unfilled would show as bits that never change at some offset.
        var varying = [UInt8](repeating: 0, count: 100)
        for piece in pieces.dropFirst() {
            for index in 0..<100 { varying[index] |= piece[index] ^ pieces[0][index] }
        }
        #expect(varying == [UInt8](repeating: 0xFF, count: 100))
    }

    @Test("Concurrent callers never get the same bytes")
    func concurrentCallers() async {
        let pieces = await withTaskGroup(of: [[UInt8]].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    (0..<1_000).map { _ in
                        var piece = [UInt8](repeating: 0, count: 16)
                        piece.withUnsafeMutableBytes { SystemRandomBytes.shared.fill($0) }
                        return piece
                    }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(pieces).count == 4_000)
    }
}
