import Foundation

/// What the conditions look at, read from the call once per decision.
struct CallFacts {
    let call: GraphCall
    let callerIdentity: IdentitySet?
    let callerKind: IdentityKind?

    init(_ call: GraphCall) {
        self.call = call
        self.callerIdentity = call.source?.identity
        self.callerKind = callerIdentity?.primaryKind
    }

    var isEncrypted: Bool { callerKind == .encrypted }

    /// The tenant of the caller: its primary identity's, else any identity's that has one.
    var callerTenantID: String? {
        callerIdentity?.primaryIdentity?.tenantID ?? callerIdentity?.entries.lazy.compactMap(\.identity.tenantID).first
    }
}

extension RuleConditions {
    /// Whether every set condition holds for the call at `instant`.
    ///
    /// With `reasons` non-nil, appends a phrase per condition that held, or for the first one that
    /// did not (and stops there); with `nil`, builds no text, which keeps the routing path cheap.
    func evaluate(_ facts: CallFacts, at instant: Date, reasons: inout [String]?) -> Bool {
        func check(_ holds: Bool, _ phrase: @autoclosure () -> String) -> Bool {
            if reasons != nil { reasons?.append(phrase()) }
            return holds
        }
        let source = facts.call.source

        if let callerUserIDs {
            guard !facts.isEncrypted else { return check(false, "the caller is encrypted, so callerUserIds cannot match") }
            guard let id = facts.callerIdentity?.user?.id else {
                return check(false, "the caller has no user id (caller kind \(facts.callerKind?.rawValue ?? "none"))")
            }
            let found = callerUserIDs.contains(id)
            guard check(found, "caller user id \(id) is \(found ? "" : "not ")in callerUserIds") else { return false }
        }
        if let callerTenantIDs {
            guard !facts.isEncrypted else { return check(false, "the caller is encrypted, so callerTenantIds cannot match") }
            guard let tenant = facts.callerTenantID else { return check(false, "the caller has no tenant id") }
            let found = callerTenantIDs.contains(tenant)
            guard check(found, "caller tenant \(tenant) is \(found ? "" : "not ")in callerTenantIds") else { return false }
        }
        if let callerPhone {
            guard !facts.isEncrypted else { return check(false, "the caller is encrypted, so callerPhone cannot match") }
            guard let raw = facts.callerIdentity?.phone?.id else {
                return check(false, "the caller has no phone number (caller kind \(facts.callerKind?.rawValue ?? "none"))")
            }
            let number = PhoneNumberCondition.normalize(raw)
            let found = callerPhone.matches(number)
            guard check(found, "caller number \(number) \(found ? "matches" : "does not match") callerPhone \(callerPhone.summary)")
            else { return false }
        }
        if let callerKinds {
            guard let kind = facts.callerKind else { return check(false, "the caller has no identity") }
            let found = callerKinds.contains(kind)
            guard check(found, "caller kind \(kind.rawValue) is \(found ? "" : "not ")in callerKinds") else { return false }
        }
        if let calledApplicationIDs {
            let id = facts.call.targets.lazy.compactMap { $0.identity?.application?.id }.first(where: calledApplicationIDs.contains)
            guard check(id != nil, id.map { "called application \($0) is in calledApplicationIds" }
                ?? "no call target is an application in calledApplicationIds")
            else { return false }
        }
        if let calledApplicationInstanceIDs {
            let id = facts.call.targets.lazy.compactMap { $0.identity?.applicationInstance?.id }
                .first(where: calledApplicationInstanceIDs.contains)
            guard check(id != nil, id.map { "called application instance \($0) is in calledApplicationInstanceIds" }
                ?? "no call target is an application instance in calledApplicationInstanceIds")
            else { return false }
        }
        if let tenantIDs {
            guard let tenant = facts.call.tenantID else { return check(false, "the call has no tenantId") }
            let found = tenantIDs.contains(tenant)
            guard check(found, "call tenant \(tenant) is \(found ? "" : "not ")in tenantIds") else { return false }
        }
        if let regions {
            guard let region = source?.region else { return check(false, "the caller has no region") }
            let found = regions.contains(region)
            guard check(found, "caller region \(region) is \(found ? "" : "not ")in regions") else { return false }
        }
        if let countryCodes {
            guard let country = source?.countryCode else { return check(false, "the caller has no countryCode") }
            let found = countryCodes.contains(country)
            guard check(found, "caller country \(country) is \(found ? "" : "not ")in countryCodes") else { return false }
        }
        if let schedule {
            let matches = schedule.matches(at: instant)
            guard check(matches, schedule.explain(at: instant) + (schedule.outside ? " (rule wants outside)" : ""))
            else { return false }
        }
        return true
    }
}
