import ArgumentParser
import Logging
import SwitchboardCLISupport

/// How `topics apply|check` reach the cluster: the shared Kafka connection options and a request timeout.
struct TopicsClusterOptions: ParsableArguments {
    @OptionGroup var kafka: KafkaOptions

    @Option(name: ToolSetting.topicsTimeout.name, help: ToolSetting.topicsTimeout.help)
    var timeoutSeconds: Int?

    /// The request timeout from the flag, else `SWITCHBOARD_TOPICS_TIMEOUT`, else 30 seconds.
    func timeout(environment: SettingsEnvironment) throws -> Duration {
        let seconds = try environment.value(timeoutSeconds, ToolSetting.topicsTimeout)
        guard seconds >= 1 else {
            throw ValidationError("--timeout must be at least 1 second, got \(seconds)")
        }
        return .seconds(seconds)
    }

    /// Warnings and errors to standard error; standard output carries only the report.
    static var logger: Logger {
        var logger = Logger(label: "switchboard.topics", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        return logger
    }
}
