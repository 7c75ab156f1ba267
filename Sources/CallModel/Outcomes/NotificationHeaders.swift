/// Kafka header names the ingress puts on notification records and the worker reads.
public enum NotificationHeaders {
    /// When the ingress received the notification, in milliseconds since the Unix epoch (decimal text).
    public static let receivedAt = "switchboard-received-at"
    /// The tenant from the validated bearer token (`tid`).
    public static let tenant = "switchboard-tenant"
    /// Graph's `Scenario-Id` request header.
    public static let scenarioID = "Scenario-Id"
    /// Graph's `X-Microsoft-Skype-Chain-ID` request header (the scenario id).
    public static let chainID = "X-Microsoft-Skype-Chain-ID"
    /// Graph's `X-Microsoft-Skype-Message-ID` request header.
    public static let messageID = "X-Microsoft-Skype-Message-ID"
    /// W3C trace context.
    public static let traceparent = "traceparent"
}
