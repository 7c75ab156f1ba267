import Topology

/// Defaults of the ingress that other components refer to.
public enum IngressDefaults {
    /// Microsoft's OpenID metadata for calling notifications.
    public static let openIDMetadataURL = "https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration"
    /// The issuer of the tokens Microsoft sends with calling notifications.
    public static let botFrameworkIssuer = "https://api.botframework.com"
    /// The issuers accepted by default: the one Graph's calling documentation names. Microsoft's
    /// calling samples also accept ``graphIssuer``; add it with `--allowed-issuer` if your tokens carry it.
    public static let allowedIssuers = [botFrameworkIssuer]
    /// Graph's issuer, which Microsoft's calling samples accept beside ``botFrameworkIssuer``.
    public static let graphIssuer = "https://graph.microsoft.com"
    /// The topic notifications are written to.
    public static let notificationsTopic = TopicRole.notifications.defaultName
    /// The HTTP port the ingress listens on.
    public static let port = 8080
    /// The port of `/healthz`, `/readyz` and `/metrics` (the worker's too).
    public static let healthPort = 8081
    /// The most items one notification body may carry.
    public static let maxNotificationsPerBody = 16
    /// The most distinct calls one notification body may name.
    public static let maxCallsPerBody = 4
    /// The most records of one body produced at once.
    public static let produceConcurrency = 4
    /// The largest accepted notification body: 256 KiB.
    public static let maxBodyBytes = 256 * 1024
}
