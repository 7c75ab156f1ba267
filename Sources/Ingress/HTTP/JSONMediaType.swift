import Foundation

/// Whether a `Content-Type` declares JSON the ingress can store as is.
enum JSONMediaType {
    /// `true` for `application/json` and `application/<x>+json`, with no charset or a UTF-8 one
    /// (RFC 8259 §8.1: JSON exchanged between systems is UTF-8).
    static func accepts(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        // What Graph sends; answered without allocating.
        if contentType == "application/json" || contentType == "application/json; charset=utf-8" { return true }
        let parts = contentType.split(separator: ";")
        guard let essence = parts.first?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        guard essence == "application/json" || (essence.hasPrefix("application/") && essence.hasSuffix("+json")) else {
            return false
        }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            if pair.count == 2, pair[0] == "charset" {
                let charset = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                guard charset == "utf-8" || charset == "utf8" else { return false }
            }
        }
        return true
    }
}
