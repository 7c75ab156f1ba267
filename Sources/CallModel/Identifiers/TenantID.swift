/// A tenant id as the ingress and the worker compare it: an Entra ID tenant is a GUID, written in any letter case.
public enum TenantID {
    /// `text` in lowercase when it is a GUID (`8-4-4-4-12` hexadecimal digits), else `nil`.
    ///
    /// Checked on the UTF-8 view in place, and a GUID already in lowercase (as Graph writes them) is
    /// returned as it is: this runs up to three times per call.
    public static func normalized(_ text: String) -> String? {
        var hasUppercase = false
        var count = 0
        for byte in text.utf8 {
            defer { count += 1 }
            guard count < 36 else { return nil }
            switch count {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return nil }
            default:
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): break
                case UInt8(ascii: "A")...UInt8(ascii: "F"): hasUppercase = true
                default: return nil
                }
            }
        }
        guard count == 36 else { return nil }
        return hasUppercase ? text.lowercased() : text
    }
}
