/// A notification body as parsed, with where each of its notifications is in the body's bytes.
///
/// Made by ``NotificationParser/parseEnvelope(_:)`` from one scan of the body. The ingress uses
/// the ranges to cut a body naming several calls into one body per call, each item byte for byte.
public struct NotificationEnvelope: Sendable, Hashable {
    /// The notifications, as ``NotificationParser/parse(_:)-([UInt8])`` returns them (at least one).
    public let notifications: CommsNotifications
    /// The bytes of the `value` array in the body, from its `[` through its `]`.
    public let valueArray: Range<Int>
    /// The bytes of each item of `value`, in order, without the whitespace around it:
    /// `items[i]` is the text of `notifications.value[i]`.
    public let items: [Range<Int>]

    init(notifications: CommsNotifications, valueArray: Range<Int>, items: [Range<Int>]) {
        self.notifications = notifications
        self.valueArray = valueArray
        self.items = items
    }
}
