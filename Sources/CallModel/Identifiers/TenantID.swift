/// A tenant id as the ingress and the worker compare it: an Entra ID tenant is a GUID, written in any letter case.
public enum TenantID {
    /// `text` in lowercase when it is a GUID (`8-4-4-4-12` hexadecimal digits), else `nil`.
    ///
    /// Checked on the string's bytes in place, and a GUID already in lowercase (as Graph writes them) is
    /// returned as it is: this runs up to three times per call. The bytes are scanned in a buffer, not through
    /// the string's iterator (`scripts/bench/instructions.sh pipeline`: 4,800 → 1,600 instructions per call).
    public static func normalized(_ text: String) -> String? {
        var bytes = text
        switch bytes.withUTF8(letterCase(ofGUID:)) {
        case nil: return nil
        case .lower?: return text
        case .mixed?: return text.lowercased()
        }
    }

    private enum LetterCase { case lower, mixed }

    private static func letterCase(ofGUID bytes: UnsafeBufferPointer<UInt8>) -> LetterCase? {
        let hyphen = UInt8(ascii: "-")
        guard bytes.count == 36, bytes[8] == hyphen, bytes[13] == hyphen, bytes[18] == hyphen, bytes[23] == hyphen else {
            return nil
        }
        var hasUppercase = false
        var hyphens = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): break
            case UInt8(ascii: "A")...UInt8(ascii: "F"): hasUppercase = true
            case hyphen: hyphens += 1
            default: return nil
            }
        }
        // The four in their places, and no other.
        guard hyphens == 4 else { return nil }
        return hasUppercase ? .mixed : .lower
    }
}
