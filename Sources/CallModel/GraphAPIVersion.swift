/// The Microsoft Graph API version a redirect is sent to.
///
/// `maskCallee` and `maskCaller` exist only in `beta`; `v1.0` is the default.
public enum GraphAPIVersion: String, Sendable, Hashable, CaseIterable, Codable {
    /// The stable API: `targets`, `timeout` and `callbackUri` only.
    case v1 = "v1.0"
    /// The preview API, needed for the mask flags.
    case beta = "beta"
}
