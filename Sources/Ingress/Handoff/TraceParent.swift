import Synchronization

/// W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header).
enum TraceParent {
    /// `header` when it is a valid `traceparent`, else a new one that starts a trace at the ingress.
    static func propagatingOrStarting(_ header: String?) -> String {
        if let header, isValid(header) { return header }
        return start()
    }

    /// Whether `value` is a `traceparent` a receiver must propagate: version `00` exactly
    /// (`00-<32 hex>-<16 hex>-<2 hex>`, lowercase, ids not all zero), or a later version whose
    /// first four fields have that shape.
    static func isValid(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= 55 else { return false }
        let version = bytes[0..<2]
        guard isLowerHex(version), !version.elementsEqual("ff".utf8) else { return false }
        guard bytes[2] == dash, bytes[35] == dash, bytes[52] == dash else { return false }
        let traceID = bytes[3..<35]
        let parentID = bytes[36..<52]
        let flags = bytes[53..<55]
        guard isLowerHex(traceID), isLowerHex(parentID), isLowerHex(flags) else { return false }
        guard traceID.contains(where: { $0 != zero }), parentID.contains(where: { $0 != zero }) else { return false }
        if version.elementsEqual("00".utf8) { return bytes.count == 55 }
        return bytes.count == 55 || bytes[55] == dash
    }

    /// A new `traceparent` with fresh ids and the sampled flag set, so downstream samplers that follow
    /// their parent keep the trace of the call that the ingress starts.
    ///
    /// The ids are SplitMix64 outputs of a counter that starts at a random point: distinct within the
    /// process (the mix is a bijection), as unpredictable across processes as their random seeds, and
    /// without the three `getrandom` system calls per request that fresh random words cost. The
    /// random-id flag is not set, so nobody relies on them being random.
    static func start() -> String {
        let first = counter.add(3, ordering: .relaxed).oldValue
        let words = (mix(first), mix(first &+ 1), mix(first &+ 2))
        return String(unsafeUninitializedCapacity: 55) { text in
            // 00-<32 hex trace id>-<16 hex parent id>-01
            (text[0], text[1], text[2], text[35], text[52], text[53], text[54]) = (zero, zero, dash, dash, dash, zero, UInt8(ascii: "1"))
            writeHex(words.0, into: text, at: 3)
            writeHex(words.1, into: text, at: 19)
            writeHex(words.2, into: text, at: 36)
            return 55
        }
    }

    /// The id counter, starting at a random point.
    private static let counter = Atomic<UInt64>({
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }())

    /// SplitMix64 (Steele, Lea, Flood 2014) at counter value `n`; never 0, as an all-zero id is
    /// invalid (the one input mapping to 0 is replaced).
    private static func mix(_ n: UInt64) -> UInt64 {
        var z = n &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z == 0 ? 1 : z
    }

    private static func writeHex(_ word: UInt64, into text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let digits: StaticString = "0123456789abcdef"
        for index in 0..<16 {
            let nibble = Int((word >> UInt64(60 - 4 * index)) & 0xF)
            text[offset + index] = digits.utf8Start[nibble]
        }
    }

    private static let dash = UInt8(ascii: "-")
    private static let zero = UInt8(ascii: "0")

    private static func isLowerHex(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }
}
