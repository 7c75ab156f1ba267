import Foundation
import Yams

/// Reads a rules file into ``RoutingRules``, collecting every problem instead of stopping at the first.
///
/// Works on Yams' node tree rather than `Decodable`, so unknown keys, wrong shapes and bad values
/// are all reported with a path (`rules[2] (vip-callers).action.redirect.timeout`) and a line.
struct RulesDocumentReader {
    let apiVersion: GraphAPIVersion
    private(set) var issues: [RoutingRuleIssue] = []
    /// The file's `timeZone`, used by schedules that do not name one.
    var defaultTimeZone: TimeZone?
    /// Whether the file's `timeZone` was given but invalid (already reported once).
    var defaultTimeZoneIsInvalid = false
    /// The file's `holidays`, used by schedules that do not list their own.
    var defaultHolidays: [DateRange] = []

    static let topLevelKeys = ["timeZone", "holidays", "rules", "default"]
    static let ruleKeys = ["name", "when", "action"]

    init(apiVersion: GraphAPIVersion) {
        self.apiVersion = apiVersion
    }

    /// The rules, or `nil` when the document is unusable; `issues` says why.
    mutating func read(_ yaml: String) -> RoutingRules? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            issues.append(Self.yamlIssue(error))
            return nil
        }
        guard let root, !isNull(root) else {
            report(.missingField, "", "the file is empty; it needs `rules`, `default` or both", nil)
            return nil
        }
        guard let fields = mapping(root, at: "", allowed: Self.topLevelKeys) else { return nil }
        if let node = fields["timeZone"] {
            defaultTimeZone = timeZone(node, at: "timeZone")
            defaultTimeZoneIsInvalid = defaultTimeZone == nil
        }
        if let node = fields["holidays"] {
            defaultHolidays = holidays(node, at: "holidays")
        }
        var rules: [RoutingRule] = []
        if let node = fields["rules"] {
            rules = readRules(node)
        }
        let defaultAction = fields["default"].flatMap { action($0, at: "default") }
        if fields["rules"] == nil, fields["default"] == nil {
            report(.missingField, "", "the file has no `rules` and no `default`, so it would never redirect a call", root)
        }
        if let catchAll = rules.first(where: { $0.conditions.isEmpty }), let node = fields["default"] {
            report(.unreachableRule, "default",
                   "never applies: \(catchAll.reference.label) has no conditions and matches every call", node)
        }
        return issues.isEmpty ? RoutingRules(rules: rules, defaultAction: defaultAction, apiVersion: apiVersion) : nil
    }

    private mutating func readRules(_ node: Node) -> [RoutingRule] {
        guard let elements = sequence(node, at: "rules") else { return [] }
        var rules: [RoutingRule] = []
        var names: [String: Int] = [:]
        var catchAll: RoutingRule?
        for (index, element) in elements.enumerated() {
            guard let rule = rule(element, index: index) else { continue }
            if let first = names[asciiLowercased(rule.name)] {
                report(.duplicateName, "rules[\(index)] (\(rule.name))",
                       "the name is already used by rules[\(first)]; names must be unique (they label outcomes and metrics)", element)
            } else {
                names[asciiLowercased(rule.name)] = index
            }
            if let catchAll {
                report(.unreachableRule, "rules[\(index)] (\(rule.name))",
                       "can never match: \(catchAll.reference.label) has no conditions and matches every call; "
                       + "move it last or use `default`", element)
            } else if rule.conditions.isEmpty, index < elements.count - 1 {
                catchAll = rule
            }
            rules.append(rule)
        }
        return rules
    }

    private mutating func rule(_ node: Node, index: Int) -> RoutingRule? {
        let basePath = "rules[\(index)]"
        guard let fields = mapping(node, at: basePath, allowed: Self.ruleKeys) else { return nil }
        var path = basePath
        var name: String?
        if let nameNode = fields["name"], let text = string(nameNode, at: basePath + ".name") {
            if Self.isValidName(text) {
                name = text
                path = "\(basePath) (\(text))"
            } else {
                report(.invalidValue, basePath + ".name",
                       "\"\(text)\" is not a valid rule name: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                       nameNode)
            }
        } else if fields["name"] == nil {
            report(.missingField, basePath + ".name", "every rule needs a name (it labels outcomes, logs and metrics)", node)
        }
        let conditions = fields["when"].map { self.conditions($0, at: path + ".when") } ?? RuleConditions()
        var action: RoutingAction?
        if let actionNode = fields["action"] {
            action = self.action(actionNode, at: path + ".action")
        } else {
            report(.missingField, path + ".action", "every rule needs an action: `redirect`, `reject` or `ignore`", node)
        }
        guard let name, let action else { return nil }
        return RoutingRule(name: name, index: index, conditions: conditions, action: action)
    }

    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 64, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    mutating func report(_ code: RoutingRuleIssue.Code, _ path: String, _ message: String, _ node: Node?) {
        issues.append(RoutingRuleIssue(code: code, path: path, message: message, line: node?.mark?.line))
    }

    private static func yamlIssue(_ error: any Error) -> RoutingRuleIssue {
        guard let error = error as? YamlError else {
            return RoutingRuleIssue(code: .invalidYAML, path: "", message: "not valid YAML: \(error)")
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return RoutingRuleIssue(
                code: .invalidYAML, path: "",
                message: "not valid YAML: \(problem)\(detail), column \(mark.column)", line: mark.line
            )
        case let .duplicatedKeysInMapping(duplicates, context):
            return RoutingRuleIssue(
                code: .invalidYAML, path: "",
                message: "duplicate key \(duplicates.sorted().joined(separator: ", ")) in one mapping",
                line: context.mark.line
            )
        default:
            return RoutingRuleIssue(code: .invalidYAML, path: "", message: "not valid YAML: \(error)")
        }
    }
}
