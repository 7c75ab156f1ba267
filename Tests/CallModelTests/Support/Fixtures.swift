import Foundation
import SeedExamples
import Testing

/// Test inputs: files under `Fixtures/`, the seed examples, and the repository's example rules.
enum Fixtures {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    static func seed(_ number: Int) throws -> SeedScenario {
        try #require(try SeedScenario.all().first { $0.number == number })
    }

    /// `examples/rules.yaml` from the repository root.
    static func exampleRulesYAML() throws -> String {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("examples/rules.yaml"), encoding: .utf8)
    }

    /// `2025-06-03T14:00:00Z` style instants.
    static func instant(_ text: String) throws -> Date {
        try #require(try? Date.ISO8601FormatStyle().parse(text))
    }
}

/// JSON equality that ignores key order and whitespace.
func canonicalJSON(_ bytes: [UInt8]) throws -> String {
    let object = try JSONSerialization.jsonObject(with: Data(bytes))
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
}
