/// Defaults of the ingress that other components refer to.
public enum IngressDefaults {
    /// Microsoft's OpenID metadata for calling notifications.
    public static let openIDMetadataURL = "https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration"
}
