import Foundation
import Yams

/// The `when` mapping of a rule.
extension RulesDocumentReader {
    static let conditionKeys = [
        "callerUserIds", "callerTenantIds", "callerPhone", "callerKinds", "calledApplicationIds",
        "calledApplicationInstanceIds", "tenantIds", "regions", "countryCodes", "schedule",
    ]

    mutating func conditions(_ node: Node, at path: String) -> RuleConditions {
        var conditions = RuleConditions()
        guard let fields = mapping(node, at: path, allowed: Self.conditionKeys) else { return conditions }
        conditions.callerUserIDs = fields["callerUserIds"].flatMap { guids($0, at: path + ".callerUserIds") }
        conditions.callerTenantIDs = fields["callerTenantIds"].flatMap { guids($0, at: path + ".callerTenantIds") }
        conditions.calledApplicationIDs = fields["calledApplicationIds"].flatMap {
            guids($0, at: path + ".calledApplicationIds")
        }
        conditions.calledApplicationInstanceIDs = fields["calledApplicationInstanceIds"].flatMap {
            guids($0, at: path + ".calledApplicationInstanceIds")
        }
        conditions.tenantIDs = fields["tenantIds"].flatMap { guids($0, at: path + ".tenantIds") }
        conditions.regions = fields["regions"].flatMap { strings($0, at: path + ".regions") }
            .map { IdentifierList($0.map(\.value)) }
        conditions.countryCodes = fields["countryCodes"].flatMap { countryCodes($0, at: path + ".countryCodes") }
        conditions.callerKinds = fields["callerKinds"].flatMap { callerKinds($0, at: path + ".callerKinds") }
        conditions.callerPhone = fields["callerPhone"].flatMap { phoneCondition($0, at: path + ".callerPhone") }
        conditions.schedule = fields["schedule"].flatMap { schedule($0, at: path + ".schedule") }
        return conditions
    }

    private mutating func guids(_ node: Node, at path: String) -> IdentifierList? {
        guard let values = strings(node, at: path) else { return nil }
        var valid = true
        for (index, entry) in values.enumerated() where !Self.isGUID(entry.value) {
            let elementPath = values.count == 1 && !isSequence(node) ? path : "\(path)[\(index)]"
            report(.invalidValue, elementPath,
                   "\"\(entry.value)\" is not a GUID (ids look like 8d1e6ab6-26c5-4e22-a1bc-06ea7343958e)", entry.node)
            valid = false
        }
        return valid ? IdentifierList(values.map(\.value)) : nil
    }

    private mutating func countryCodes(_ node: Node, at path: String) -> IdentifierList? {
        guard let values = strings(node, at: path) else { return nil }
        var valid = true
        for (index, entry) in values.enumerated() {
            let isAlpha2 = entry.value.utf8.count == 2 && entry.value.utf8.allSatisfy {
                ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122)
            }
            if !isAlpha2 {
                report(.invalidValue, "\(path)[\(index)]",
                       "\"\(entry.value)\" is not an ISO 3166-1 alpha-2 country code (for example US, DE)", entry.node)
                valid = false
            }
        }
        return valid ? IdentifierList(values.map(\.value)) : nil
    }

    private mutating func callerKinds(_ node: Node, at path: String) -> Set<IdentityKind>? {
        guard let values = strings(node, at: path) else { return nil }
        var kinds: Set<IdentityKind> = []
        var valid = true
        for (index, entry) in values.enumerated() {
            if let kind = IdentityKind.allCases.first(where: { asciiCaseInsensitiveEquals($0.rawValue, entry.value) }) {
                kinds.insert(kind)
            } else {
                let names = IdentityKind.allCases.map(\.rawValue)
                let hint = Self.closest(to: entry.value, in: names).map { "; did you mean \($0)?" }
                    ?? "; use one of " + names.joined(separator: ", ")
                report(.invalidValue, "\(path)[\(index)]", "\"\(entry.value)\" is not an identity kind\(hint)", entry.node)
                valid = false
            }
        }
        return valid ? kinds : nil
    }

    private mutating func phoneCondition(_ node: Node, at path: String) -> PhoneNumberCondition? {
        guard let fields = mapping(node, at: path, allowed: ["exact", "prefix", "in"]) else { return nil }
        guard fields.count == 1, let (key, value) = fields.first else {
            report(fields.isEmpty ? .missingField : .conflictingFields, path,
                   "needs exactly one of `exact`, `prefix` or `in`", node)
            return nil
        }
        let subpath = path + "." + key
        switch key {
        case "exact":
            guard let number = string(value, at: subpath), e164(number, at: subpath, value) else { return nil }
            return .exact(number)
        case "prefix":
            guard let prefixes = strings(value, at: subpath) else { return nil }
            var valid = true
            for (index, entry) in prefixes.enumerated() where !PhoneNumberCondition.isE164(entry.value + "0")
                && !PhoneNumberCondition.isE164(entry.value)
            {
                report(.invalidPhoneNumber, isSequence(value) ? "\(subpath)[\(index)]" : subpath,
                       "\"\(entry.value)\" is not an E.164 prefix: '+' and up to 15 digits, no spaces (for example +1425)",
                       entry.node)
                valid = false
            }
            return valid ? .prefix(prefixes.map(\.value)) : nil
        default:
            guard let numbers = strings(value, at: subpath) else { return nil }
            var valid = true
            for (index, entry) in numbers.enumerated()
            where !e164(entry.value, at: isSequence(value) ? "\(subpath)[\(index)]" : subpath, entry.node) {
                valid = false
            }
            return valid ? .anyOf(numbers.map(\.value)) : nil
        }
    }

    /// Checks a phone number, reporting it when it is not E.164.
    mutating func e164(_ number: String, at path: String, _ node: Node) -> Bool {
        guard PhoneNumberCondition.isE164(number) else {
            report(.invalidPhoneNumber, path,
                   "\"\(number)\" is not an E.164 phone number: '+', country code and number, up to 15 digits, "
                   + "no spaces or dashes (for example +12345678901)", node)
            return false
        }
        return true
    }

    func isSequence(_ node: Node) -> Bool {
        if case .sequence = node { return true }
        return false
    }
}
