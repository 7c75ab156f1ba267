/// One target of a redirect: who the call rings.
public struct RedirectTarget: Sendable, Hashable, Codable {
    /// The identity kinds Graph accepts as redirect targets.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A Microsoft Entra user (Teams user).
        case user
        /// An application (another bot).
        case application
        /// An application instance (a resource account: auto attendant, call queue, PSTN bot).
        case applicationInstance
        /// A phone number in E.164 format; needs an application instance with a PSTN number.
        case phone
    }

    /// The identity kind.
    public var kind: Kind
    /// The object id, or the E.164 number for `phone`.
    public var id: String
    /// The display name sent to Graph, when set.
    public var displayName: String?
    /// The identity's tenant, when set.
    public var tenantID: String?

    /// Creates a target.
    public init(kind: Kind, id: String, displayName: String? = nil, tenantID: String? = nil) {
        self.kind = kind
        self.id = id
        self.displayName = displayName
        self.tenantID = tenantID
    }

    enum CodingKeys: String, CodingKey {
        case kind, id, displayName
        case tenantID = "tenantId"
    }

    /// `application "test bot 2" (22bfd41f-…)`, `phone +12345678901`.
    public var summary: String {
        var text = kind.rawValue
        if let displayName { text += " \"\(displayName)\"" }
        text += kind == .phone && displayName == nil ? " \(id)" : " (\(id))"
        return text
    }
}
