/// Defaults of the ingress that other components refer to.
public enum IngressDefaults {
    /// Microsoft's OpenID metadata for calling notifications.
    public static let openIDMetadataURL = "https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration"
    /// The issuer of the tokens Microsoft sends with calling notifications.
    public static let botFrameworkIssuer = "https://api.botframework.com"
    /// The issuers accepted by default: the documented one, and Graph's, which Microsoft's own calling
    /// samples also accept, so a token from either is never refused (and its call never lost) by default.
    public static let allowedIssuers = [botFrameworkIssuer, "https://graph.microsoft.com"]
    /// The topic notifications are written to.
    public static let notificationsTopic = "calls.notifications"
    /// The HTTP port the ingress listens on.
    public static let port = 8080
    /// The largest accepted notification body: 256 KiB.
    public static let maxBodyBytes = 256 * 1024
}
