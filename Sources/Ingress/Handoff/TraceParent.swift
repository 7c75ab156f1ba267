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

    /// A new `traceparent` with random ids and the sampled flag set, so downstream samplers that follow
    /// their parent keep the trace of the call that the ingress starts.
    static func start() -> String {
        var generator = SystemRandomNumberGenerator()
        let traceID = hex(generator.next(), generator.next())
        let parentID = hex(generator.next())
        return "00-\(traceID)-\(parentID)-01"
    }

    private static let dash = UInt8(ascii: "-")
    private static let zero = UInt8(ascii: "0")

    private static func isLowerHex(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    private static func hex(_ words: UInt64...) -> String {
        var text = ""
        for word in words {
            var word = word
            if word == 0 { word = 1 }  // an all-zero id is invalid
            let digits = String(word, radix: 16)
            text += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return text
    }
}
