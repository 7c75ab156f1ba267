public import ArgumentParser
import Foundation
public import Logging
public import Observability

/// `--log-level` and `--log-format`, shared by the long-running services so both read the same
/// variables and defaults.
package struct LoggingOptions: ParsableArguments {
    package init() {}

    @Option(name: LoggingSetting.level.name, help: LoggingSetting.level.help)
    package var level: String?

    @Option(name: LoggingSetting.format.name, help: LoggingSetting.format.help)
    package var format: String?

    /// The level and format these flags, the environment and the defaults describe.
    ///
    /// - Parameter standardErrorIsTerminal: whether logs go to a person (text) or a collector (json)
    ///   when no format is set.
    package func resolve(_ environment: SettingsEnvironment, standardErrorIsTerminal: Bool) throws -> (level: Logger.Level, format: LogFormat) {
        let level = try environment.value(text: level, LoggingSetting.level)
        let format = try environment.value(text: format, LoggingSetting.format) ?? (standardErrorIsTerminal ? .text : .json)
        return (level, format)
    }

    /// Whether this process's standard error is a terminal.
    package static var standardErrorIsTerminal: Bool { isatty(FileHandle.standardError.fileDescriptor) == 1 }
}
