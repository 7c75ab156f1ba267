import Foundation

/// Base64url without padding (RFC 4648 §5), as used by JWS compact serialisation.
enum Base64URL {
    /// The decoded bytes, or `nil` when `encoded` is not base64url.
    static func decode(_ encoded: Substring) -> [UInt8]? {
        var standard = [UInt8]()
        standard.reserveCapacity(encoded.utf8.count + 3)
        for byte in encoded.utf8 {
            switch byte {
            case UInt8(ascii: "-"): standard.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): standard.append(UInt8(ascii: "/"))
            case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): return nil
            default: standard.append(byte)
            }
        }
        switch standard.count % 4 {
        case 2: standard.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        case 3: standard.append(UInt8(ascii: "="))
        case 1: return nil
        default: break
        }
        guard let data = Data(base64Encoded: Data(standard)) else { return nil }
        return Array(data)
    }

    /// `bytes` in base64url without padding.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
