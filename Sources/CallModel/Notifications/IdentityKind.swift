/// A member of a Graph `identitySet`: which kind of identity a participant has.
public enum IdentityKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A Microsoft Entra user.
    case user
    /// An application (a bot).
    case application
    /// An application instance (a resource account, for example with a PSTN number).
    case applicationInstance
    /// A phone number (E.164 in `id`).
    case phone
    /// A guest.
    case guest
    /// An identity Graph hides because the bot lacks the permission to see it.
    case encrypted
    /// A device.
    case device
    /// A Skype for Business on-premises user.
    case onPremises
    /// A conversation.
    case conversation

    /// The order in which a caller's kind is decided when an identity set holds several:
    /// `encrypted` first, because nothing else in the set can then be trusted as the caller id.
    static let precedence: [IdentityKind] = [
        .encrypted, .user, .phone, .guest, .application, .applicationInstance, .onPremises, .device, .conversation,
    ]

    /// The position in `allCases`, which orders the entries of an ``IdentitySet``.
    var rank: Int {
        switch self {
        case .user: 0
        case .application: 1
        case .applicationInstance: 2
        case .phone: 3
        case .guest: 4
        case .encrypted: 5
        case .device: 6
        case .onPremises: 7
        case .conversation: 8
        }
    }
}
