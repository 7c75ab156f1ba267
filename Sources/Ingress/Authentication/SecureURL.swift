import Foundation

/// Where signing keys may come from: `https`, or `http` to a loopback address (tests, `switchboard dev`).
///
/// Keys fetched over plain HTTP from another host could be replaced on the way, and with them every
/// token check.
enum SecureURL {
    /// Whether `text` is an absolute `https` URL with a host, or an `http` URL whose host is loopback
    /// (`127.0.0.0/8`, `::1`, `localhost`).
    static func isAllowed(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return false }
        switch scheme {
        case "https": return true
        case "http": return isLoopback(host)
        default: return false
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}
