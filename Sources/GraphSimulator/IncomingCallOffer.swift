/// An incoming call for the simulator to offer: who calls whom, in which tenant.
///
/// Every field has a default taken from the page's first example, so `IncomingCallOffer()` is a
/// user calling the bot.
public struct IncomingCallOffer: Sendable, Hashable, Codable {
    /// The call id, default a fresh UUID.
    public var callID: String?
    /// The call's tenant, default the examples' tenant.
    public var tenantID: String?
    /// The caller, default the examples' user.
    public var caller: CallParty?
    /// Whom the call is for, default the bot itself (an `application` identity with the bot's app id).
    public var targets: [CallParty]?
    /// The bot's callback URI for this call, default `https://bot.contoso.com/api/calls/<bot app id>`.
    public var callbackURI: String?
    /// The caller's region, default `amer`.
    public var region: String?

    enum CodingKeys: String, CodingKey {
        case callID = "callId"
        case tenantID = "tenantId"
        case caller, targets
        case callbackURI = "callbackUri"
        case region
    }

    /// Creates an offer; every field defaults as documented on it.
    public init(
        callID: String? = nil,
        tenantID: String? = nil,
        caller: CallParty? = nil,
        targets: [CallParty]? = nil,
        callbackURI: String? = nil,
        region: String? = nil
    ) {
        self.callID = callID
        self.tenantID = tenantID
        self.caller = caller
        self.targets = targets
        self.callbackURI = callbackURI
        self.region = region
    }
}

/// One identity in a call: a Teams user, an application, an application instance (resource
/// account), or a phone number.
public struct CallParty: Sendable, Hashable, Codable {
    /// The identitySet member the identity goes in.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case user, application, applicationInstance, phone, guest, encrypted
    }

    /// The identitySet member.
    public var kind: Kind
    /// The identity's id (an object id, an app id, or an E.164 number for `phone`).
    public var id: String
    /// The display name, if any.
    public var displayName: String?
    /// The identity's tenant, if any.
    public var tenantID: String?

    enum CodingKeys: String, CodingKey {
        case kind, id, displayName
        case tenantID = "tenantId"
    }

    /// Creates a party.
    public init(kind: Kind, id: String, displayName: String? = nil, tenantID: String? = nil) {
        self.kind = kind
        self.id = id
        self.displayName = displayName
        self.tenantID = tenantID
    }

    /// A Teams user.
    public static func user(_ id: String, tenantID: String? = nil) -> CallParty {
        CallParty(kind: .user, id: id, tenantID: tenantID)
    }

    /// A phone number in E.164.
    public static func phone(_ number: String) -> CallParty {
        CallParty(kind: .phone, id: number)
    }
}

/// A call the simulator offered: its notification as Graph would post it, and how to post it.
public struct OfferedCall: Sendable {
    /// The call id.
    public var callID: String
    /// The call's tenant.
    public var tenantID: String
    /// The call's `Scenario-Id` (also `X-Microsoft-Skype-Chain-ID`).
    public var scenarioID: String
    /// The `created` + `incoming` `commsNotifications` body.
    public var notification: [UInt8]
    /// The headers Graph sends with it, `Authorization: Bearer <signed JWT>` included.
    public var headers: [(name: String, value: String)]
    /// When the call's redirect window closes.
    public var deadline: ContinuousClock.Instant

    /// The value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
