/// A setting as a table shows it: the README's configuration table and the chart check read these.
package struct SettingRow: Sendable, Hashable {
    /// `--port`, or `nil` for a variable without a flag.
    package var flag: String?
    /// `SWITCHBOARD_HTTP_PORT`.
    package var variable: String
    /// The default in words.
    package var defaultText: String
    /// What the setting is.
    package var abstract: String

    /// Creates a row.
    package init(flag: String?, variable: String, defaultText: String, abstract: String) {
        self.flag = flag
        self.variable = variable
        self.defaultText = defaultText
        self.abstract = abstract
    }
}
