public import Logging
public import Observability

/// `--log-level` and `--log-format` (``LoggingOptions``).
package enum LoggingSetting {
    package static let level = Setting<Logger.Level>(
        flag: "log-level", variable: "SWITCHBOARD_LOG_LEVEL", default: .info, defaultText: "info",
        abstract: "trace, debug, info, notice, warning, error or critical", valueName: "level",
        expected: "trace, debug, info, notice, warning, error or critical", parse: { Logger.Level(rawValue: $0.lowercased()) })
    package static let format = Setting<LogFormat?>(
        flag: "log-format", variable: "SWITCHBOARD_LOG_FORMAT", default: nil,
        defaultText: "text on a terminal, else json for log collectors", abstract: "text or json", valueName: "format",
        expected: "text or json", parse: { LogFormat(rawValue: $0.lowercased()).map { .some($0) } })

    /// Both, in `--help`'s order.
    package static let rows: [SettingRow] = [level.row, format.row]
}
