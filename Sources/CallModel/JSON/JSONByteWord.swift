/// Eight bytes of JSON text tested at once, so the writer and the reader skip plain text a word at a time
/// instead of a byte at a time.
///
/// The masks are the classic "has a zero byte" and "has a byte less than n" word tricks. A mask is non-zero
/// exactly when some byte of the word qualifies, and its lowest set bit is in the first byte that does: a borrow
/// only runs from a qualifying byte towards later ones, so it may mark later bytes that do not qualify, never
/// earlier ones. The word is read little-endian, so the first byte is the lowest.
enum JSONByteWord {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `offset`, in any alignment, the first byte lowest.
    @inline(__always)
    static func load(_ base: UnsafeRawPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Marks the bytes of `word` that must be escaped in a JSON string: control characters, `"` and `\`.
    @inline(__always)
    static func escapes(_ word: UInt64) -> UInt64 {
        let control = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        return (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highBits
    }

    /// Marks the bytes of `word` that are not ASCII (exactly those).
    @inline(__always)
    static func nonASCII(_ word: UInt64) -> UInt64 {
        word & highBits
    }

    /// The offset in the word of the first byte `mask` marks; `mask` must not be zero.
    @inline(__always)
    static func firstMarked(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount >> 3
    }
}
