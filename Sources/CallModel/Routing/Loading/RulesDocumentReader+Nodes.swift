import Foundation
import Yams

/// Shape checks on YAML nodes; each reports its own problem and returns `nil`.
extension RulesDocumentReader {
    /// Keys that were removed from Graph or never belonged in a rules file, with what to do instead.
    static let retiredKeys = [
        "targetDisposition": "targetDisposition is deprecated by Graph and not sent: Graph infers forward or "
            + "simultaneous ring from the number of targets",
    ]

    func isNull(_ node: Node) -> Bool {
        guard case let .scalar(scalar) = node else { return false }
        return (scalar.style == .plain || scalar.style == .any) && node.null != nil
    }

    /// The mapping's values by key; unknown keys are reported with the closest known key.
    mutating func mapping(_ node: Node, at path: String, allowed: [String]) -> [String: Node]? {
        guard case let .mapping(mapping) = node else {
            report(.wrongType, path, "\(describe(node)), expected a mapping with keys " + allowed.joined(separator: ", "), node)
            return nil
        }
        var fields: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case let .scalar(key) = keyNode else {
                report(.unknownField, path, "a mapping key must be plain text", keyNode)
                continue
            }
            let keyPath = path.isEmpty ? key.string : path + "." + key.string
            if allowed.contains(key.string) {
                fields[key.string] = value
            } else if let note = Self.retiredKeys[key.string] {
                report(.unknownField, keyPath, note, keyNode)
            } else {
                let hint = Self.closest(to: key.string, in: allowed).map { "; did you mean `\($0)`?" }
                    ?? "; allowed here: " + allowed.joined(separator: ", ")
                report(.unknownField, keyPath, "unknown field `\(key.string)`\(hint)", keyNode)
            }
        }
        return fields
    }

    mutating func sequence(_ node: Node, at path: String) -> [Node]? {
        guard case let .sequence(sequence) = node else {
            report(.wrongType, path, "\(describe(node)), expected a list", node)
            return nil
        }
        return Array(sequence)
    }

    /// Plain text (a scalar that is not null).
    mutating func string(_ node: Node, at path: String) -> String? {
        guard case let .scalar(scalar) = node else {
            report(.wrongType, path, "\(describe(node)), expected text", node)
            return nil
        }
        guard !isNull(node), !scalar.string.isEmpty else {
            report(.missingField, path, "has no value", node)
            return nil
        }
        return scalar.string
    }

    mutating func int(_ node: Node, at path: String) -> Int? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Int(text) else {
            report(.wrongType, path, "\"\(text)\" is not a whole number", node)
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, at path: String) -> Bool? {
        guard let text = string(node, at: path) else { return nil }
        switch asciiLowercased(text) {
        case "true": return true
        case "false": return false
        default:
            report(.wrongType, path, "\"\(text)\" is not true or false", node)
            return nil
        }
    }

    /// A list of text values; one value without a list is accepted as a list of one.
    mutating func strings(_ node: Node, at path: String) -> [(value: String, node: Node)]? {
        if case .scalar = node, !isNull(node) {
            return string(node, at: path).map { [($0, node)] }
        }
        guard let elements = sequence(node, at: path) else { return nil }
        guard !elements.isEmpty else {
            report(.invalidValue, path, "is an empty list, which can never match; list values or remove the key", node)
            return nil
        }
        var values: [(value: String, node: Node)] = []
        var valid = true
        for (index, element) in elements.enumerated() {
            if let value = string(element, at: "\(path)[\(index)]") {
                values.append((value, element))
            } else {
                valid = false
            }
        }
        return valid ? values : nil
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "is a mapping"
        case .sequence: "is a list"
        case .alias: "is an alias"
        case .scalar where isNull(node): "has no value"
        case let .scalar(scalar): "is \"\(scalar.string)\""
        }
    }

    /// Whether `text` is a GUID (`8d1e6ab6-26c5-4e22-a1bc-06ea7343958e`), the form of Entra object,
    /// application and tenant ids.
    static func isGUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let isHex = (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
                guard isHex else { return false }
            }
        }
        return true
    }

    /// The candidate closest to `key` (ignoring case, at most 3 edits), for "did you mean" hints.
    static func closest(to key: String, in candidates: [String]) -> String? {
        let target = Array(asciiLowercased(key).utf8)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(asciiLowercased(candidate).utf8))
            if distance <= 3, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
