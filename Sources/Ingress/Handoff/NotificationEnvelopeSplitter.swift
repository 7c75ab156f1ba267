import CallModel

/// Splits a notification body whose items name several calls into one envelope per call.
///
/// Each call's records must land on one partition (key = call id), so a body naming calls A and B
/// becomes an envelope with A's items and one with B's. Everything outside the `value` array is kept
/// byte for byte (so `@odata.type` stays), and each item keeps its original bytes and order. Where
/// the array and its items are comes from the call model's parser, the same scan that checked them.
enum NotificationEnvelopeSplitter {
    /// One envelope to store.
    struct Envelope: Sendable, Hashable {
        var callID: String
        var bytes: [UInt8]
    }

    /// The envelopes for `body`, which the parser read as `parsed`.
    ///
    /// A body naming one call is returned unchanged.
    static func split(_ body: [UInt8], parsed: NotificationEnvelope) -> [Envelope] {
        let callIDs = parsed.notifications.value.map(\.callID)
        // The parser refuses a body whose `value` array is empty.
        guard let first = callIDs.first else { preconditionFailure("an accepted notification body has no notification") }
        if callIDs.allSatisfy({ $0 == first }) {
            return [Envelope(callID: first, bytes: body)]
        }
        var order: [String] = []
        var itemsByCall: [String: [Range<Int>]] = [:]
        for (callID, range) in zip(callIDs, parsed.items) {
            if itemsByCall[callID] == nil { order.append(callID) }
            itemsByCall[callID, default: []].append(range)
        }
        // Up to and including the `[`, and from the `]` on.
        let prefix = body[..<(parsed.valueArray.lowerBound + 1)]
        let suffix = body[(parsed.valueArray.upperBound - 1)...]
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
