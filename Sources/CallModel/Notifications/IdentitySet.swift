/// A Graph `identitySet`: the identities of one participant, at most one per kind.
///
/// Stored as a short list so that participants stay small when copied; use the kind
/// properties (`user`, `phone`, …) or ``identity(_:)`` to read it.
public struct IdentitySet: Sendable, Hashable {
    /// One kind and its identity.
    public struct Entry: Sendable, Hashable {
        /// The kind, the member name in the JSON.
        public var kind: IdentityKind
        /// The identity.
        public var identity: Identity

        /// Creates an entry.
        public init(kind: IdentityKind, identity: Identity) {
            self.kind = kind
            self.identity = identity
        }
    }

    /// The identities, in the order of ``IdentityKind/allCases`` so equal sets compare equal.
    public private(set) var entries: [Entry]

    /// Creates an identity set from its entries; a later entry of the same kind replaces an earlier one.
    public init(entries: [Entry] = []) {
        self.entries = []
        for entry in entries { setIdentity(entry.identity, for: entry.kind) }
    }

    /// Creates an identity set holding one identity.
    public init(_ kind: IdentityKind, _ identity: Identity) {
        self.entries = [Entry(kind: kind, identity: identity)]
    }

    /// The identity of `kind`, if present.
    public func identity(_ kind: IdentityKind) -> Identity? {
        for entry in entries where entry.kind == kind { return entry.identity }
        return nil
    }

    /// Sets or removes the identity of `kind`.
    public mutating func setIdentity(_ identity: Identity?, for kind: IdentityKind) {
        entries.removeAll { $0.kind == kind }
        guard let identity else { return }
        let rank = kind.rank
        let position = entries.firstIndex { $0.kind.rank > rank } ?? entries.endIndex
        entries.insert(Entry(kind: kind, identity: identity), at: position)
    }

    /// The kind that best describes who this is: `encrypted` when present, else the first of
    /// user, phone, guest, application, applicationInstance, onPremises, device, conversation.
    public var primaryKind: IdentityKind? {
        for kind in IdentityKind.precedence where identity(kind) != nil { return kind }
        return nil
    }

    /// The identity of ``primaryKind``.
    public var primaryIdentity: Identity? {
        primaryKind.flatMap(identity)
    }

    /// The Microsoft Entra user.
    public var user: Identity? {
        get { identity(.user) }
        set { setIdentity(newValue, for: .user) }
    }

    /// The application (bot).
    public var application: Identity? {
        get { identity(.application) }
        set { setIdentity(newValue, for: .application) }
    }

    /// The application instance (resource account).
    public var applicationInstance: Identity? {
        get { identity(.applicationInstance) }
        set { setIdentity(newValue, for: .applicationInstance) }
    }

    /// The phone number.
    public var phone: Identity? {
        get { identity(.phone) }
        set { setIdentity(newValue, for: .phone) }
    }

    /// The guest.
    public var guest: Identity? {
        get { identity(.guest) }
        set { setIdentity(newValue, for: .guest) }
    }

    /// The encrypted identity Graph sends when the bot may not see the caller.
    public var encrypted: Identity? {
        get { identity(.encrypted) }
        set { setIdentity(newValue, for: .encrypted) }
    }

    /// The device.
    public var device: Identity? {
        get { identity(.device) }
        set { setIdentity(newValue, for: .device) }
    }

    /// The Skype for Business on-premises user.
    public var onPremises: Identity? {
        get { identity(.onPremises) }
        set { setIdentity(newValue, for: .onPremises) }
    }

    /// The conversation.
    public var conversation: Identity? {
        get { identity(.conversation) }
        set { setIdentity(newValue, for: .conversation) }
    }
}

extension IdentitySet: Codable {
    /// Encodes as a JSON object keyed by kind, like Graph (without `@odata.type` annotations).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: KindKey.self)
        for entry in entries {
            try container.encode(entry.identity, forKey: KindKey(entry.kind))
        }
    }

    /// Decodes the known kinds; other members are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: KindKey.self)
        self.entries = []
        for key in container.allKeys {
            guard let kind = IdentityKind(rawValue: key.stringValue) else { continue }
            setIdentity(try container.decode(Identity.self, forKey: key), for: kind)
        }
    }

    private struct KindKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ kind: IdentityKind) { stringValue = kind.rawValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
