/// The settings of one command or option group, in `--help`'s order, under a heading.
package struct SettingsSection: Sendable {
    /// The heading, e.g. `switchboard ingress`.
    package var title: String
    /// The rows.
    package var rows: [SettingRow]

    /// Creates a section.
    package init(_ title: String, _ rows: [SettingRow]) {
        self.title = title
        self.rows = rows
    }

    /// The sections as the README's Markdown: one table per section, under a bold heading.
    package static func markdown(_ sections: [SettingsSection]) -> String {
        sections.map { section in
            var lines = ["**\(section.title)**", "", "| flag | environment | default | what it is |", "|---|---|---|---|"]
            for row in section.rows {
                let flag = row.flag.map { "`\($0)`" } ?? ""
                let cells = [flag, "`\(row.variable)`", row.defaultText, row.abstract].map { $0.replacing("|", with: "\\|") }
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }
}
