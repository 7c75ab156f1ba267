/// A structural problem found while mapping JSON onto a model, with the path collected on the
/// way back up (so decoding that succeeds pays nothing for paths).
struct JSONDecodingFailure: Error, Sendable {
    enum PathComponent: Sendable {
        case key(String)
        case index(Int)
    }

    var code: NotificationParseError.Code
    /// What is wrong with the value at the path: "is a string, expected an array".
    var detail: String
    /// Innermost component first.
    var reversedPath: [PathComponent] = []

    /// `value[0].resourceData.targets`.
    var path: String {
        var text = ""
        for component in reversedPath.reversed() {
            switch component {
            case let .key(key):
                if !text.isEmpty { text += "." }
                text += key
            case let .index(index):
                text += "[\(index)]"
            }
        }
        return text
    }

    static func wrongType(_ value: JSONValue, expected: String) -> JSONDecodingFailure {
        JSONDecodingFailure(code: .wrongType, detail: "is \(value.kindDescription), expected \(expected)")
    }

    func prefixed(_ component: PathComponent) -> JSONDecodingFailure {
        var copy = self
        copy.reversedPath.append(component)
        return copy
    }
}
