import ArgumentParser
import CallModel
import Foundation
import Kafka
import Logging
import SwitchboardCLISupport

/// `switchboard rules replay`: what a rules change would have done to recorded calls.
struct RulesReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded notifications through two rules files and show which calls would be handled differently.",
        discussion: """
            Each incoming call is decided by the baseline rules and by the candidate rules at the time the ingress \
            received it, so schedules and holidays apply as they did then. The input is either a file of \
            recorded notifications (--input, JSON Lines: {"receivedAt": "<ISO 8601 or epoch ms>", "notification": \
            {"value": [...]}} per line, or the lines `kcat -C -J` prints for the notifications topic) or a time \
            range of the notifications topic (--from, --until), read without a consumer group: nothing is \
            committed, nothing is written to Kafka, Graph is never called. The topic's ends are fixed when the \
            read starts. Without --baseline the worker's live rules file (SWITCHBOARD_RULES_FILE) is the baseline. \
            Exit status: 0 compared, 1 a rules file or an input line is invalid, 2 a file cannot be read, \
            3 Kafka could not be read.
            """
    )

    @Option(help: ArgumentHelp("The candidate rules file (YAML).", valueName: "file"))
    var rules: String

    @Option(name: ToolSetting.replayBaseline.name, help: ToolSetting.replayBaseline.help)
    var baseline: String?

    @Option(help: ArgumentHelp("Recorded notifications, one JSON object per line (instead of reading Kafka).", valueName: "file.jsonl"))
    var input: String?

    @Option(help: ArgumentHelp("Replay the topic from this time: RFC 3339 (2026-12-04T09:00:00Z) or a duration ago (2h).", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("Up to this time (same forms). Default: the end of each partition when the read starts.", valueName: "time"))
    var until: String?

    @Option(name: ToolSetting.replayTopic.name, help: ToolSetting.replayTopic.help)
    var topic: String?

    @Option(help: ArgumentHelp("text or json (a stable shape for CI; see the README).", valueName: "format"))
    var format: String = "text"

    @Option(help: ArgumentHelp("Sample call ids per row (default 3).", valueName: "count"))
    var samples: Int = 3

    @OptionGroup var options: RulesOptions

    @OptionGroup var kafka: KafkaOptions

    func validate() throws {
        guard format == "text" || format == "json" else { throw ValidationError("--format \(format) is not text or json") }
        guard samples >= 0 else { throw ValidationError("--samples must be 0 or more") }
        switch (input, from) {
        case (nil, nil): throw ValidationError("give --input FILE.jsonl, or --from TIME (and --kafka-bootstrap-servers) to read the topic")
        case (_?, _?): throw ValidationError("--input and --from are alternatives; give one")
        case (_?, nil) where until != nil: throw ValidationError("--until goes with --from (a time range of the topic), not with --input")
        default: break
        }
    }

    func run() async throws {
        let environment = SettingsEnvironment.process
        let apiVersion = try options.apiVersion(environment)
        guard let baselinePath = try environment.optional(baseline, ToolSetting.replayBaseline) else {
            throw ValidationError("give --baseline FILE (the rules in force), or set \(ToolSetting.replayBaseline.variable)")
        }
        let old = try options.loadRules(path: baselinePath, apiVersion: apiVersion)
        let new = try options.loadRules(path: rules, apiVersion: apiVersion)
        var comparison = RuleSetComparison(old: old, new: new, sampleLimit: samples)
        if let input {
            try Self.replay(file: input, into: &comparison)
        } else {
            try await replayTopic(into: &comparison, environment: environment)
        }
        print(format == "json" ? comparison.jsonReport() : comparison.textReport())
    }

    /// Streams a JSON Lines file into `comparison`.
    ///
    /// - Throws: `ExitCode(1)` for a line that is not a recorded notification (named on standard error),
    ///   `ExitCode(2)` when the file cannot be read.
    static func replay(file: String, into comparison: inout RuleSetComparison) throws {
        do {
            try JSONLinesReader(path: file).forEachLine { line, number in
                if let record = try RecordedNotificationLine.parse(line, number: number) { comparison.add(record) }
            }
        } catch let error as RecordedNotificationLineError {
            printError("\(file):\(error.line): error: \(error.message)")
            throw ExitCode(1)
        } catch let error as JSONLinesReader.Unreadable {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    private func replayTopic(into comparison: inout RuleSetComparison, environment: SettingsEnvironment) async throws {
        let now = Date()
        guard let fromText = from, let start = OutcomeFilter.parseSince(fromText, now: now) else {
            throw ValidationError("--from \(from ?? "") is neither an RFC 3339 time nor a duration such as 2h")
        }
        var end: Date?
        if let until {
            guard let date = OutcomeFilter.parseSince(until, now: now) else {
                throw ValidationError("--until \(until) is neither an RFC 3339 time nor a duration such as 30m")
            }
            guard date > start else { throw ValidationError("--until \(until) is not after --from \(fromText)") }
            end = date
        }
        let client = try kafka.clientConfiguration(clientID: "switchboard-rules-replay", environment: environment)
        let reader = NotificationRangeReader(
            configuration: client,
            topic: try environment.value(topic, ToolSetting.replayTopic),
            from: start, until: end,
            logger: Logger(label: "switchboard.rules-replay", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            _ = try await reader.read { comparison.add($0) }
        } catch {
            printError("error: reading \(reader.topic) failed: \(error)")
            throw ExitCode(3)
        }
    }
}
