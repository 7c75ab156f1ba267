import ArgumentParser
import CallModel
import Foundation
import Kafka
import Logging
import SwitchboardCLISupport

/// `switchboard outcomes tail`: prints outcome events as they are published: a compact table on a terminal,
/// one JSON CloudEvent per line when piped.
struct OutcomesTailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print outcome events as they arrive: a table on a terminal, JSON CloudEvents when piped.",
        discussion: """
            Reads the outcomes topic in a consumer group of its own (nothing is committed), so it never takes \
            records from anyone. On a terminal each event is one line (time, type, call, rule, what happened); \
            piped, or with --format json, the Kafka binary-mode record (ce_* headers, JSON value) is printed as \
            a structured-mode CloudEvent: {"specversion", "id", "source", "type", "time", "subject", \
            "datacontenttype", "data"}. --type, --call and --since select events; --since reads from the \
            oldest retained event and skips older ones.
            """
    )

    @OptionGroup var kafka: KafkaOptions

    @Option(name: ToolSetting.outcomesTopic.name, help: ToolSetting.outcomesTopic.help)
    var topic: String?

    @Flag(name: ToolSetting.outcomesFromBeginning.name, help: ToolSetting.outcomesFromBeginning.help)
    var fromBeginning = false

    @Option(name: ToolSetting.outcomesMaxEvents.name, help: ToolSetting.outcomesMaxEvents.help)
    var maxEvents: Int?

    @Option(
        name: .customLong("type"),
        help: ArgumentHelp(
            "Only events of this type (repeatable): \(OutcomeType.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "type"))
    var types: [String] = []

    @Option(name: .customLong("call"), help: ArgumentHelp("Only events of this call id.", valueName: "call-id"))
    var callID: String?

    @Option(
        help: ArgumentHelp(
            "Only events stamped at or after this time: RFC 3339 (2026-12-04T09:00:00Z) or a duration ago (10m, 1h).",
            valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("table or json (default: table on a terminal, json when piped).", valueName: "format"))
    var format: String?

    /// The filter the options describe, checked before anything is read.
    func filter(now: Date) throws -> OutcomeFilter {
        var filter = OutcomeFilter()
        for name in types {
            guard let type = OutcomeType(rawValue: name.lowercased()) else {
                throw ValidationError(
                    "--type \(name) is not an outcome type; expected one of \(OutcomeType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.types.insert(type)
        }
        filter.callID = callID
        if let since {
            guard let date = OutcomeFilter.parseSince(since, now: now) else {
                throw ValidationError("--since \(since) is neither an RFC 3339 time nor a duration such as 10m or 1h")
            }
            filter.since = date
        }
        return filter
    }

    /// Whether lines are a table (`true`) or JSON CloudEvents.
    func rendersTable(standardOutputIsTerminal: Bool) throws -> Bool {
        switch format?.lowercased() {
        case nil: return standardOutputIsTerminal
        case "table": return true
        case "json": return false
        case let other?: throw ValidationError("--format \(other) is not table or json")
        }
    }

    func run() async throws {
        let environment = SettingsEnvironment.process
        let filter = try self.filter(now: Date())
        let table = try rendersTable(standardOutputIsTerminal: isatty(FileHandle.standardOutput.fileDescriptor) == 1)
        let topic = try environment.value(self.topic, ToolSetting.outcomesTopic)
        let fromBeginning = try self.fromBeginning || filter.since != nil
            || environment.value(nil, ToolSetting.outcomesFromBeginning)
        let maxEvents = try environment.optional(self.maxEvents, ToolSetting.outcomesMaxEvents)
        if let maxEvents, maxEvents < 1 { throw ValidationError("--max-events must be at least 1, got \(maxEvents)") }
        var logger = Logger(label: "switchboard.outcomes", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning

        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                client: try kafka.clientConfiguration(clientID: "switchboard-outcomes-tail", environment: environment),
                groupID: "switchboard-outcomes-tail-\(UUID().uuidString.prefix(8).lowercased())",
                sessionTimeout: .seconds(10),
                heartbeatInterval: .seconds(1),
                autoOffsetReset: fromBeginning ? .earliest : .latest,
                autoCommitInterval: nil),
            logger: logger)
        try consumer.subscribe(topics: [topic])
        var printed = 0
        if table { FileHandle.standardOutput.write(Data((OutcomeTableLine.header + "\n").utf8)) }
        for try await record in consumer.records where filter.admits(record) {
            let line = table ? OutcomeTableLine.render(record) : CloudEventLine.render(record)
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            printed += 1
            if let maxEvents, printed >= maxEvents { break }
        }
        await consumer.close()
    }
}

/// A Kafka binary-mode CloudEvent record as one line of structured-mode JSON.
enum CloudEventLine {
    /// The event: `ce_*` headers become attributes (in the order the spec lists the required ones),
    /// `content-type` becomes `datacontenttype`, a JSON value becomes `data`, any other value `data_base64`.
    static func render(_ record: KafkaRecord) -> String {
        var attributes: [(String, String)] = []
        var contentType: String?
        for header in record.headers {
            guard let value = header.stringValue else { continue }
            if header.key.hasPrefix("ce_") {
                attributes.removeAll { $0.0 == String(header.key.dropFirst(3)) }
                attributes.append((String(header.key.dropFirst(3)), value))
            } else if header.key.lowercased() == "content-type" {
                contentType = value
            }
        }
        let order = ["specversion", "id", "source", "type", "time", "subject"]
        attributes.sort { lhs, rhs in
            let left = order.firstIndex(of: lhs.0) ?? order.count
            let right = order.firstIndex(of: rhs.0) ?? order.count
            return left != right ? left < right : lhs.0 < rhs.0
        }
        if let contentType { attributes.append(("datacontenttype", contentType)) }
        var members = attributes.map { "\(quoted($0.0)):\(quoted($0.1))" }
        if let data = compactJSON(record.value) {
            members.append("\"data\":\(data)")
        } else {
            members.append("\"data_base64\":\(quoted(Data(record.value).base64EncodedString()))")
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func quoted(_ text: String) -> String {
        String(decoding: JSONValue.string(text).jsonBytes(), as: UTF8.self)
    }

    /// The value as single-line JSON (members in the record's order; outcomes are written with sorted
    /// keys), or `nil` when the strict reader refuses it.
    private static func compactJSON(_ bytes: [UInt8]) -> String? {
        guard let value = try? JSONValue.parse(bytes) else { return nil }
        return String(decoding: value.jsonBytes(), as: UTF8.self)
    }
}
