import Foundation

extension GraphEndpoint {
    /// Checks that a token authority is HTTPS, or plain HTTP only on loopback (the simulator in
    /// tests and `switchboard dev`): credentials and assertions are sent to it.
    ///
    /// - Parameters:
    ///   - authority: The authority URL, such as `https://login.microsoftonline.com`.
    ///   - setting: The flag or variable it came from, for the message.
    /// - Throws: `GraphCredentialError` with code `insecureAuthority`.
    public static func checkAuthority(_ authority: String, setting: String) throws(GraphCredentialError) {
        guard URLComponents(string: authority)?.host?.isEmpty == false else {
            throw GraphCredentialError(code: .insecureAuthority, message: "\(setting) \(authority) is not a URL such as https://login.microsoftonline.com")
        }
        guard isSecureOrLoopback(authority) else {
            throw GraphCredentialError(
                code: .insecureAuthority,
                message: "\(setting) \(authority) must be https (plain http is accepted only on 127.0.0.1, ::1 or localhost, for tests)")
        }
    }

    /// Whether `url` is an `https` URL, or a plain `http` one on loopback (127.0.0.0/8, ::1, localhost).
    ///
    /// The worker sends the bot's credentials to the token authority and its access tokens to the
    /// Graph base URL, so neither may travel in the clear beyond this machine.
    public static func isSecureOrLoopback(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return false }
        if scheme == "https" { return true }
        let loopback = host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
        return scheme == "http" && loopback
    }
}
