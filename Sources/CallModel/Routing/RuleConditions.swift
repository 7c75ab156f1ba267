/// The `when` of a rule: every condition that is set must hold (a list matches any of its values).
///
/// Caller-id conditions (`callerUserIds`, `callerTenantIds`, `callerPhone`) never match an
/// encrypted caller: Graph hides the caller when the bot lacks the permission to see it.
public struct RuleConditions: Sendable, Hashable {
    /// `source.identity.user.id` is one of these.
    public var callerUserIDs: IdentifierList?
    /// The tenant of the caller's identity is one of these.
    public var callerTenantIDs: IdentifierList?
    /// `source.identity.phone.id` matches.
    public var callerPhone: PhoneNumberCondition?
    /// The caller's identity kind (`user`, `phone`, `guest`, `encrypted`, …) is one of these.
    public var callerKinds: Set<IdentityKind>?
    /// One of the call's targets is an `application` with one of these ids (the bot called).
    public var calledApplicationIDs: IdentifierList?
    /// One of the call's targets is an `applicationInstance` with one of these ids (the resource
    /// account called, for example the one holding a PSTN number).
    public var calledApplicationInstanceIDs: IdentifierList?
    /// The call's `tenantId` is one of these.
    public var tenantIDs: IdentifierList?
    /// The caller's `region` (home region, for example `amer`) is one of these.
    public var regions: IdentifierList?
    /// The caller's `countryCode` (ISO 3166-1 alpha-2) is one of these.
    public var countryCodes: IdentifierList?
    /// The call arrives inside (or, with `outside`, outside) these hours.
    public var schedule: Schedule?

    /// Creates conditions; none set matches every call.
    public init(
        callerUserIDs: IdentifierList? = nil,
        callerTenantIDs: IdentifierList? = nil,
        callerPhone: PhoneNumberCondition? = nil,
        callerKinds: Set<IdentityKind>? = nil,
        calledApplicationIDs: IdentifierList? = nil,
        calledApplicationInstanceIDs: IdentifierList? = nil,
        tenantIDs: IdentifierList? = nil,
        regions: IdentifierList? = nil,
        countryCodes: IdentifierList? = nil,
        schedule: Schedule? = nil
    ) {
        self.callerUserIDs = callerUserIDs
        self.callerTenantIDs = callerTenantIDs
        self.callerPhone = callerPhone
        self.callerKinds = callerKinds
        self.calledApplicationIDs = calledApplicationIDs
        self.calledApplicationInstanceIDs = calledApplicationInstanceIDs
        self.tenantIDs = tenantIDs
        self.regions = regions
        self.countryCodes = countryCodes
        self.schedule = schedule
    }

    /// Whether no condition is set, so every call matches.
    public var isEmpty: Bool {
        self == RuleConditions()
    }

    /// `callerUserIds [..] and schedule mon-fri 08:00-18:00 Europe/Berlin`, or `every call`.
    public var summary: String {
        var parts: [String] = []
        if let callerUserIDs { parts.append("callerUserIds \(callerUserIDs.summary)") }
        if let callerTenantIDs { parts.append("callerTenantIds \(callerTenantIDs.summary)") }
        if let callerPhone { parts.append("callerPhone \(callerPhone.summary)") }
        if let callerKinds {
            parts.append("callerKinds [" + callerKinds.map(\.rawValue).sorted().joined(separator: ", ") + "]")
        }
        if let calledApplicationIDs { parts.append("calledApplicationIds \(calledApplicationIDs.summary)") }
        if let calledApplicationInstanceIDs {
            parts.append("calledApplicationInstanceIds \(calledApplicationInstanceIDs.summary)")
        }
        if let tenantIDs { parts.append("tenantIds \(tenantIDs.summary)") }
        if let regions { parts.append("regions \(regions.summary)") }
        if let countryCodes { parts.append("countryCodes \(countryCodes.summary)") }
        if let schedule { parts.append("schedule \(schedule.summary)") }
        return parts.isEmpty ? "every call" : parts.joined(separator: " and ")
    }
}
