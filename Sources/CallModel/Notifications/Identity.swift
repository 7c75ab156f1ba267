/// A Graph `identity`: who a participant, target or caller is, within one kind of an `identitySet`.
public struct Identity: Sendable, Hashable, Codable {
    /// The object id (a GUID for users and applications, E.164 for phones, opaque when encrypted).
    public var id: String?
    /// The display name, when Graph sends one.
    public var displayName: String?
    /// The Microsoft Entra tenant of the identity, when Graph sends one.
    public var tenantID: String?

    /// Creates an identity.
    public init(id: String? = nil, displayName: String? = nil, tenantID: String? = nil) {
        self.id = id
        self.displayName = displayName
        self.tenantID = tenantID
    }

    enum CodingKeys: String, CodingKey {
        case id
        case displayName
        case tenantID = "tenantId"
    }
}
