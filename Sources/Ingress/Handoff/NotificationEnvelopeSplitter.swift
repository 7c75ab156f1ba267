import CallModel

/// Splits a notification body whose items name several calls into one envelope per call.
///
/// Each call's records must land on one partition (key = call id), so a body naming calls A and B
/// becomes an envelope with A's items and one with B's. A body naming one call (what Graph sends) is
/// stored unchanged. A split envelope is built from its items alone, byte for byte and in order,
/// plus the body's `@odata.type`: nothing else outside `value` is copied, so a body cannot multiply
/// its bytes by the number of calls it names. Where the items are comes from the call model's parser,
/// the same scan that checked them.
enum NotificationEnvelopeSplitter {
    /// One envelope to store.
    struct Envelope: Sendable, Hashable {
        var callID: String
        var bytes: [UInt8]
    }

    /// How much one body may carry.
    struct Limits: Sendable, Hashable {
        /// The most items in `value`.
        var maxNotifications: Int
        /// The most distinct calls the items name.
        var maxCalls: Int
    }

    /// The envelopes for `body`, which the parser read as `parsed`.
    ///
    /// - Throws: a 413 ``IngressRejection`` naming the limit when the body carries more items or
    ///   names more calls than `limits` allow.
    static func split(
        _ body: [UInt8],
        parsed: NotificationEnvelope,
        limits: Limits
    ) throws(IngressRejection) -> [Envelope] {
        let notifications = parsed.notifications.value
        guard notifications.count <= limits.maxNotifications else {
            throw IngressRejection.tooManyNotifications(count: notifications.count, limit: limits.maxNotifications)
        }
        // The parser refuses a body whose `value` array is empty.
        guard let first = notifications.first?.callID else {
            preconditionFailure("an accepted notification body has no notification")
        }
        if notifications.allSatisfy({ $0.callID == first }) {
            return [Envelope(callID: first, bytes: body)]
        }
        var order: [String] = []
        var itemsByCall: [String: [Range<Int>]] = [:]
        for (notification, range) in zip(notifications, parsed.items) {
            let callID = notification.callID
            if itemsByCall[callID] == nil {
                order.append(callID)
                guard order.count <= limits.maxCalls else {
                    throw IngressRejection.tooManyCalls(limit: limits.maxCalls)
                }
            }
            itemsByCall[callID, default: []].append(range)
        }
        let prefix = envelopePrefix(odataType: parsed.notifications.odataType)
        return order.map { callID in
            let ranges = itemsByCall[callID] ?? []
            var bytes = prefix
            bytes.reserveCapacity(prefix.count + ranges.reduce(2) { $0 + $1.count + 1 })
            for (index, range) in ranges.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: body[range])
            }
            bytes.append(contentsOf: "]}".utf8)
            return Envelope(callID: callID, bytes: bytes)
        }
    }

    /// `{"@odata.type":<type>,"value":[` (without the annotation when the body had none).
    static func envelopePrefix(odataType: String?) -> [UInt8] {
        var prefix: [UInt8] = [UInt8(ascii: "{")]
        if let odataType {
            prefix += JSONValue.string("@odata.type").jsonBytes()
            prefix.append(UInt8(ascii: ":"))
            prefix += JSONValue.string(odataType).jsonBytes()
            prefix.append(UInt8(ascii: ","))
        }
        prefix += Array(#""value":["#.utf8)
        return prefix
    }
}
