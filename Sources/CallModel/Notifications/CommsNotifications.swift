/// The body Graph posts to a calling bot's webhook: a `commsNotifications` envelope.
public struct CommsNotifications: Sendable, Hashable {
    /// The `@odata.type` annotation, normally `#microsoft.graph.commsNotifications`.
    public var odataType: String?
    /// The notifications, at least one; each has a non-empty ``CommsNotification/callID``.
    public var value: [CommsNotification]

    /// Creates an envelope.
    public init(odataType: String? = "#microsoft.graph.commsNotifications", value: [CommsNotification]) {
        self.odataType = odataType
        self.value = value
    }
}
