import Testing

@testable import CallModel

/// The word-at-a-time tests the JSON writer and reader skip plain text with.
@Suite struct JSONByteWordTests {
    static func escapes(_ byte: UInt8) -> Bool { byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }

    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { JSONByteWord.load($0.baseAddress!, at: 0) }
    }

    @Test("Each byte value, at each place in a word of plain text, is told and placed as a byte-by-byte test does")
    func everyByteEveryPlace() {
        for value in 0...255 {
            for place in 0..<8 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                bytes[place] = UInt8(value)
                let word = Self.word(bytes)
                let escapes = JSONByteWord.escapes(word)
                #expect((escapes != 0) == Self.escapes(UInt8(value)), "byte \(value) at \(place)")
                #expect(escapes == 0 || JSONByteWord.firstMarked(escapes) == place, "byte \(value) at \(place)")
                let nonASCII = JSONByteWord.nonASCII(word)
                #expect((nonASCII != 0) == (value >= 0x80), "byte \(value) at \(place)")
                #expect(nonASCII == 0 || JSONByteWord.firstMarked(nonASCII) == place, "byte \(value) at \(place)")
            }
        }
    }

    @Test("Random words, and words of bytes next to the ones that count, find the first byte a byte-by-byte scan finds")
    func randomWords() {
        // A fixed sequence (Knuth's MMIX linear congruential generator, high bits), so a failure repeats.
        var state: UInt64 = 20261205
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 32
        }
        // Bytes around the borrows of the word tricks: 0x1F/0x20/0x21, 0x22/0x23, 0x5B/0x5C/0x5D, 0x7F/0x80, 0xFF.
        let edges: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
        for round in 0..<200_000 {
            let bytes = (0..<8).map { _ in
                round.isMultiple(of: 2) ? UInt8(truncatingIfNeeded: next()) : edges[Int(next() % UInt64(edges.count))]
            }
            let word = Self.word(bytes)
            // Whether any byte counts, and which comes first; later marks may be borrows, and are not used.
            let escapes = JSONByteWord.escapes(word)
            let firstEscape = bytes.firstIndex(where: Self.escapes)
            #expect((escapes == 0 ? nil : JSONByteWord.firstMarked(escapes)) == firstEscape, "\(bytes)")
            let nonASCII = JSONByteWord.nonASCII(word)
            #expect((nonASCII == 0 ? nil : JSONByteWord.firstMarked(nonASCII)) == bytes.firstIndex { $0 >= 0x80 }, "\(bytes)")
        }
    }

    @Test("Strings with an escape or a non-ASCII character at any offset are written and read back unchanged")
    func roundTripAtEveryOffset() throws {
        for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}", "é", "€", "𝄞", "/"] {
            for offset in 0..<20 {
                for length in [offset, offset + 1, offset + 7, offset + 8, offset + 9, offset + 24] {
                    let text = String(repeating: "x", count: offset) + special + String(repeating: "y", count: length - offset)
                    let written = JSONValue.object(["s": .string(text)]).jsonBytes()
                    #expect(try JSONValue.parse(written)["s"] == .string(text), "\(special.debugDescription) at \(offset)")
                }
            }
        }
    }

    @Test("The reader still refuses a raw control character or a missing quote past a plain run")
    func refusalsPastPlainRuns() {
        for offset in [0, 7, 8, 9, 16, 31] {
            let plain = String(repeating: "a", count: offset)
            #expect(throws: (any Error).self) { try JSONValue.parse(Array(("{\"s\":\"" + plain + "\u{07}b\"}").utf8)) }
            #expect(throws: (any Error).self) { try JSONValue.parse(Array(("{\"s\":\"" + plain).utf8)) }
        }
    }
}
