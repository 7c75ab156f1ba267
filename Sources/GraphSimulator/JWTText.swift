import CallModel
import Foundation

/// A compact JWS taken apart without verifying it: header, claims, signature and signing input.
struct JWTText: Sendable {
    let header: JSONValue
    let claims: JSONValue
    let signature: Data
    let signingInput: Data

    /// `nil` when `token` is not three base64url parts whose first two are JSON objects.
    init?(_ token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerData = Self.decode(parts[0]), let claimsData = Self.decode(parts[1]), let signature = Self.decode(parts[2]),
            let header = try? JSONValue.parse(Array(headerData)), header.objectValue != nil,
            let claims = try? JSONValue.parse(Array(claimsData)), claims.objectValue != nil
        else { return nil }
        self.header = header
        self.claims = claims
        self.signature = signature
        self.signingInput = Data("\(parts[0]).\(parts[1])".utf8)
    }

    /// A string header field.
    func headerString(_ name: String) -> String? {
        header[name]?.stringValue
    }

    /// A string claim.
    func string(_ name: String) -> String? {
        claims[name]?.stringValue
    }

    /// A NumericDate claim.
    func date(_ name: String) -> Date? {
        if case .number(let value)? = claims[name] { return Date(timeIntervalSince1970: value) }
        return nil
    }

    /// The `aud` claim as a list (it may be one string or an array).
    var audiences: [String] {
        switch claims["aud"] {
        case .string(let value)?: return [value]
        case .array(let values)?: return values.compactMap(\.stringValue)
        default: return []
        }
    }

    static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
