import ArgumentParser
import Foundation
import Testing

@testable import SwitchboardCLI
@testable import SwitchboardCLISupport

@Suite("Settings: flag, then environment variable, then default")
struct SettingsEnvironmentTests {
    static let variable = "SWITCHBOARD_TEST_SETTING"

    @Test(
        "the flag beats the variable, the variable beats the default; an empty variable counts as unset",
        arguments: [
            (flag: Int?.some(5), variable: String?.some("7"), expected: 5),
            (flag: 5, variable: nil, expected: 5),
            (flag: nil, variable: "7", expected: 7),
            (flag: nil, variable: nil, expected: 3),
            (flag: nil, variable: "", expected: 3),
        ]
    )
    func precedence(flag: Int?, variable: String?, expected: Int) throws {
        let environment = SettingsEnvironment(variables: variable.map { [Self.variable: $0] } ?? [:])
        #expect(try environment.value(flag, Self.variable, default: 3) == expected)
    }

    @Test("an invalid variable value is refused with the variable's name and value")
    func invalidVariable() {
        let environment = SettingsEnvironment(variables: [Self.variable: "seven"])
        #expect {
            try environment.value(nil as Int?, Self.variable, default: 3)
        } throws: { error in
            "\(error)".contains("SWITCHBOARD_TEST_SETTING=seven")
        }
    }

    @Test(
        "names: an invalid value names where it came from and what is expected",
        arguments: [
            (flag: String?.some("loud"), variable: String?.none, origin: "--test-level loud"),
            (flag: nil, variable: "loud", origin: "environment variable SWITCHBOARD_TEST_SETTING=loud"),
            (flag: "loud", variable: "info", origin: "--test-level loud"),
        ]
    )
    func invalidName(flag: String?, variable: String?, origin: String) {
        let environment = SettingsEnvironment(variables: variable.map { [Self.variable: $0] } ?? [:])
        #expect {
            try environment.parsed(flag, flag: "--test-level", Self.variable, default: "info", expected: "info or debug") {
                ["info", "debug"].contains($0) ? $0 : nil
            }
        } throws: { error in
            "\(error)" == "\(origin) is not valid; expected info or debug"
        }
    }

    @Test("names: flag, then variable, then default, then nothing")
    func namePrecedence() throws {
        func parse(_ flag: String?, _ variables: [String: String], default defaultValue: String?) throws -> String? {
            try SettingsEnvironment(variables: variables).parsed(flag, flag: "--x", Self.variable, default: defaultValue, expected: "") { $0 }
        }
        #expect(try parse("a", [Self.variable: "b"], default: "c") == "a")
        #expect(try parse(nil, [Self.variable: "b"], default: "c") == "b")
        #expect(try parse(nil, [:], default: "c") == "c")
        #expect(try parse(nil, [Self.variable: ""], default: nil) == nil)
    }

    @Test("lists: repeated flags win; else the variable split at commas and trimmed; else the default")
    func lists() {
        let environment = SettingsEnvironment(variables: [Self.variable: " a, b ,,c "])
        #expect(environment.list(["x", "y"], Self.variable) == ["x", "y"])
        #expect(environment.list([], Self.variable) == ["a", "b", "c"])
        #expect(SettingsEnvironment(variables: [:]).list([], Self.variable, default: ["d"]) == ["d"])
    }
}

@Suite("Secrets: from a file or an environment variable")
struct SecretTests {
    static let variable = "SWITCHBOARD_TEST_SECRET"

    /// A file holding `contents`, removed after `body`.
    func withSecretFile<Result>(_ contents: String, _ body: (String) throws -> Result) throws -> Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-secret-\(UUID().uuidString)")
        try contents.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    @Test("the file flag beats <VAR>_FILE, which beats <VAR>; a trailing newline in a file is dropped")
    func precedence() throws {
        try withSecretFile("from-flag-file\n") { (flagFile: String) throws in
            try withSecretFile("from-variable-file\n") { (variableFile: String) throws in
                let all = SettingsEnvironment(variables: [Self.variable: "from-variable", Self.variable + "_FILE": variableFile])
                #expect(try all.secret(fileFlag: flagFile, Self.variable) == "from-flag-file")
                #expect(try all.secret(fileFlag: nil, Self.variable) == "from-variable-file")
                let plain = SettingsEnvironment(variables: [Self.variable: "from-variable"])
                #expect(try plain.secret(fileFlag: nil, Self.variable) == "from-variable")
                #expect(try SettingsEnvironment(variables: [Self.variable: ""]).secret(fileFlag: nil, Self.variable) == nil)
            }
        }
    }

    @Test("an unreadable secret file is refused, naming the file and not any secret")
    func unreadableFile() {
        let environment = SettingsEnvironment(variables: [Self.variable: "hunter2", Self.variable + "_FILE": "/nonexistent/secret"])
        #expect {
            try environment.secret(fileFlag: nil, Self.variable)
        } throws: { error in
            "\(error)".contains("/nonexistent/secret") && !"\(error)".contains("hunter2")
        }
    }
}
