/// A tenant id as the ingress and the worker compare it: an Entra ID tenant is a GUID, written in any letter case.
public enum TenantID {
    /// `text` in lowercase when it is a GUID (`8-4-4-4-12` hexadecimal digits), else `nil`.
    public static func normalized(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return nil }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                let isHex = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
                guard isHex else { return nil }
            }
        }
        return text.lowercased()
    }
}
