public import Foundation

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

    /// The ``receivedAt`` header value for `instant`: whole milliseconds since the Unix epoch.
    public static func receivedAtValue(_ instant: Date) -> String {
        String(Int64((instant.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// The instant a ``receivedAt`` header value names; `nil` when it is not a decimal integer.
    public static func receivedAt(fromValue value: String) -> Date? {
        guard let milliseconds = Int64(value) else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
