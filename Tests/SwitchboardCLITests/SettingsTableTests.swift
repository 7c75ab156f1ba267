import ArgumentParser
import Foundation
import Testing

@testable import SwitchboardCLI
@testable import SwitchboardCLISupport

/// Each setting is declared once; `--help`, the README's table and the chart follow from the declarations.
@Suite("Settings table")
struct SettingsTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let tableStart = "<!-- settings table: generated from Sources/SwitchboardCLI/Settings, checked by SettingsTableTests -->\n"
    static let tableEnd = "<!-- end of settings table -->"

    static var declaredVariables: Set<String> {
        Set(Switchboard.settings.flatMap(\.rows).map(\.variable))
    }

    @Test("the README's configuration table is the declared settings")
    func readme() throws {
        let readme = try String(contentsOf: Self.root.appending(path: "README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: Self.tableStart), "README.md has no settings table marker")
        let end = try #require(readme.range(of: Self.tableEnd, range: start.upperBound..<readme.endIndex))
        let table = String(readme[start.upperBound..<end.lowerBound])
        let expected = SettingsSection.markdown(Switchboard.settings)
        #expect(table == expected, "replace the README's table with:\n\(expected)")
    }

    @Test("the chart sets only declared variables")
    func chart() throws {
        let chart = Self.root.appending(path: "helm/switchboard")
        let files = try #require(FileManager.default.enumerator(at: chart, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }
            .filter { ["yaml", "tpl", "txt"].contains($0.pathExtension) }
        let pattern = /name:\s*"?((?:SWITCHBOARD|AZURE)_[A-Z0-9_]+)/
        var set: [String: String] = [:]
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                set[String(match.output.1)] = file.lastPathComponent
            }
        }
        #expect(set.count >= 20, "the chart's variables were not found: \(set)")
        let undeclared = set.filter { !Self.declaredVariables.contains($0.key) }
        #expect(undeclared.isEmpty, "the chart sets variables no command declares: \(undeclared)")
    }

    static let ingressRows: [SettingRow] = IngressSetting.rows + LoggingSetting.rows + KafkaSetting.rows
    static let workerRows: [SettingRow] = WorkerSetting.rows + GraphCredentialSetting.rows + LoggingSetting.rows + KafkaSetting.rows

    /// The flags `help` lists, one per option line.
    static func flags(inHelp help: String) -> Set<String> {
        var flags: Set<String> = []
        for line in help.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("--"), let flag = trimmed.split(separator: " ").first else { continue }
            if flag != "--help" && flag != "--version" { flags.insert(String(flag)) }
        }
        return flags
    }

    @Test("--help lists exactly the declared flags, each with its variable", arguments: ["ingress", "worker"])
    func help(command: String) {
        let help: String
        let rows: [SettingRow]
        if command == "ingress" {
            (help, rows) = (IngressCommand.helpMessage(columns: 10_000), Self.ingressRows)
        } else {
            (help, rows) = (WorkerCommand.helpMessage(columns: 10_000), Self.workerRows)
        }
        let declared: Set<String> = Set(rows.compactMap(\.flag))
        #expect(Self.flags(inHelp: help) == declared)
        for row in rows {
            #expect(help.contains(row.variable), "\(row.variable) is not in \(command)'s help")
        }
    }

    @Test("a setting reads its flag, then its variable, then its default, and names a bad value's source")
    func resolution() throws {
        let setting = Setting.duration(flag: "test-timeout", variable: "SWITCHBOARD_TEST_TIMEOUT", default: .seconds(3), abstract: "A test")
        let environment = SettingsEnvironment(variables: ["SWITCHBOARD_TEST_TIMEOUT": "2s"])
        #expect(try environment.value(text: "1s", setting) == .seconds(1))
        #expect(try environment.value(text: nil, setting) == .seconds(2))
        #expect(try SettingsEnvironment(variables: [:]).value(text: nil, setting) == .seconds(3))
        #expect(throws: ValidationError.self) { try environment.value(text: "soon", setting) }
        #expect {
            try SettingsEnvironment(variables: ["SWITCHBOARD_TEST_TIMEOUT": "soon"]).value(text: nil, setting)
        } throws: { error in
            "\(error)" == "environment variable SWITCHBOARD_TEST_TIMEOUT=soon is not valid; expected \(DurationText.expected)"
        }
        #expect(setting.help.abstract == "A test (env SWITCHBOARD_TEST_TIMEOUT; default 3s).")
    }

    @Test("an optional setting refuses a bad value instead of reading it as unset")
    func optionalRefusesBadValues() throws {
        let setting = Setting<Int?>(flag: "test-count", variable: "SWITCHBOARD_TEST_COUNT", defaultText: "none", abstract: "A test", valueName: "count")
        #expect(throws: ValidationError.self) {
            try SettingsEnvironment(variables: ["SWITCHBOARD_TEST_COUNT": "many"]).optional(nil, setting)
        }
        #expect(try SettingsEnvironment(variables: ["SWITCHBOARD_TEST_COUNT": "4"]).optional(nil, setting) == 4)
        #expect(try SettingsEnvironment(variables: [:]).optional(nil, setting) == nil)
    }

    @Test("defaults are written the way durations are read", arguments: [
        (Duration.seconds(60), "60s"), (.seconds(3600), "1h"), (.seconds(86_400), "24h"), (.milliseconds(1500), "1500ms"), (.zero, "0s"),
    ])
    func durationDefaults(duration: Duration, text: String) {
        #expect(DurationText.format(duration) == text)
        #expect(DurationText.parse(text) == duration)
    }
}
