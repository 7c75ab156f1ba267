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
        guard let components = URLComponents(string: authority), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else {
            throw GraphCredentialError(code: .insecureAuthority, message: "\(setting) \(authority) is not a URL such as https://login.microsoftonline.com")
        }
        if scheme == "https" { return }
        let loopback = host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
        guard scheme == "http", loopback else {
            throw GraphCredentialError(
                code: .insecureAuthority,
                message: "\(setting) \(authority) must be https (plain http is accepted only on 127.0.0.1, ::1 or localhost, for tests)")
        }
    }
}
