import ArgumentParser
import Foundation
import Logging
import Observability

/// `--log-level` and `--log-format`, shared by the long-running services so both read the same
/// variables and defaults.
package struct LoggingOptions: ParsableArguments {
    package init() {}

    @Option(
        name: .customLong("log-level"),
        help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (env SWITCHBOARD_LOG_LEVEL; default info).", valueName: "level")
    )
    package var level: String?

    @Option(
        name: .customLong("log-format"),
        help: ArgumentHelp(
            "text or json (env SWITCHBOARD_LOG_FORMAT; default text on a terminal, else json for log collectors).",
            valueName: "format"
        )
    )
    package var format: String?

    /// The level and format these flags, the environment and the defaults describe.
    ///
    /// - Parameter standardErrorIsTerminal: whether logs go to a person (text) or a collector (json)
    ///   when no format is set.
    package func resolve(_ environment: SettingsEnvironment, standardErrorIsTerminal: Bool) throws -> (level: Logger.Level, format: LogFormat) {
        let level = try environment.parsed(
            level, flag: "--log-level", "SWITCHBOARD_LOG_LEVEL", default: "info",
            expected: "trace, debug, info, notice, warning, error or critical"
        ) { Logger.Level(rawValue: $0.lowercased()) }
        let format = try environment.parsed(
            format, flag: "--log-format", "SWITCHBOARD_LOG_FORMAT", default: standardErrorIsTerminal ? "text" : "json",
            expected: "text or json"
        ) { LogFormat(rawValue: $0.lowercased()) }
        // Both have valid defaults, so `parsed` returned values; the fallbacks are never used.
        return (level ?? .info, format ?? .json)
    }

    /// Whether this process's standard error is a terminal.
    package static var standardErrorIsTerminal: Bool { isatty(FileHandle.standardError.fileDescriptor) == 1 }
}
