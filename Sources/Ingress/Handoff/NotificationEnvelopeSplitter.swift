/// Splits a notification body whose items name several calls into one envelope per call.
///
/// Each call's records must land on one partition (key = call id), so a body naming calls A and B
/// becomes an envelope with A's items and one with B's. Everything outside the `value` array is kept
/// byte for byte (so `@odata.type` stays), and each item keeps its original bytes and order.
enum NotificationEnvelopeSplitter {
    /// One envelope to store.
    struct Envelope: Sendable, Hashable {
        var callID: String
        var bytes: [UInt8]
    }

    /// The envelopes for `body`, whose items have the call ids `callIDs` (from the parser, in order).
    ///
    /// A body naming one call is returned unchanged.
    /// - Throws: ``NotificationBodyError`` when the items found do not match the parser's (a body with
    ///   two `value` members, say), since it cannot then be split faithfully.
    static func split(_ body: [UInt8], callIDs: [String]) throws(NotificationBodyError) -> [Envelope] {
        guard let first = callIDs.first else {
            throw NotificationBodyError(message: "the \"value\" array is empty; there is no call to store")
        }
        if callIDs.allSatisfy({ $0 == first }) {
            return [Envelope(callID: first, bytes: body)]
        }
        guard let layout = JSONValueArrayScanner.layout(of: body), layout.items.count == callIDs.count else {
            throw NotificationBodyError(message: "the body's \"value\" array is ambiguous (more than one \"value\" member?)")
        }
        var order: [String] = []
        var itemsByCall: [String: [Range<Int>]] = [:]
        for (callID, range) in zip(callIDs, layout.items) {
            if itemsByCall[callID] == nil { order.append(callID) }
            itemsByCall[callID, default: []].append(range)
        }
        let prefix = body[..<(layout.open + 1)]
        let suffix = body[layout.close...]
        return order.map { callID in
            var bytes = [UInt8](prefix)
            for (index, range) in (itemsByCall[callID] ?? []).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: body[range])
            }
            bytes.append(contentsOf: suffix)
            return Envelope(callID: callID, bytes: bytes)
        }
    }
}
