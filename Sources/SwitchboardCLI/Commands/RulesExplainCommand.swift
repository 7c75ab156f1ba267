import ArgumentParser
import CallModel
import Foundation

/// `switchboard rules explain FILE NOTIFICATION.json`: show the decision and the exact redirect body.
struct RulesExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which rule matches a notification, why, and the exact redirect request it would send.",
        discussion: "Exit status: 0 explained, 1 the rules or the notification are invalid, 2 a file cannot be read."
    )

    @Argument(help: "The rules file (YAML).")
    var file: String

    @Argument(help: "A notification body as Graph posts it (JSON).")
    var notification: String

    @Option(name: .long, help: ArgumentHelp("The instant to decide at, ISO 8601 (2025-06-03T14:00:00Z). Default: now.", valueName: "time"))
    var at: String?

    @OptionGroup var options: RulesOptions

    func run() throws {
        let apiVersion = try options.apiVersion(.process)
        let instant = try decisionInstant()
        let rules = try options.loadRules(path: file, apiVersion: apiVersion)
        let envelope = try readNotification()
        for (index, item) in envelope.value.enumerated() {
            if index > 0 { print("") }
            explain(item, index: index, rules: rules, at: instant, apiVersion: apiVersion)
        }
    }

    private func decisionInstant() throws -> Date {
        guard let at else { return Date() }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(at) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(at) { return date }
        throw ValidationError("--at \(at) is not an ISO 8601 time such as 2025-06-03T14:00:00Z")
    }

    private func readNotification() throws -> CommsNotifications {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: notification)))
        } catch {
            printError("\(notification): cannot read the file: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        do {
            return try NotificationParser.parse(bytes)
        } catch {
            printError("\(notification): error [\(error.code.rawValue)]: \(error.message)")
            throw ExitCode(1)
        }
    }

    private func explain(_ item: CommsNotification, index: Int, rules: RoutingRules, at instant: Date, apiVersion: GraphAPIVersion) {
        let call = item.resourceData ?? GraphCall(id: item.callID)
        let state = call.state?.rawValue ?? "no state"
        print("value[\(index)]: call \(item.callID) (\(item.changeType.rawValue), \(state))")
        print("  caller: " + Self.describe(call.source))
        for target in call.targets {
            print("  called: " + Self.describe(target.identity))
        }
        if !item.isIncomingCall {
            print("  note: the worker redirects only created + incoming notifications; this one would not be routed")
        }
        let decision = rules.decide(for: call, at: instant)
        print("  at: \(instant.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))")
        print("  rule: \(decision.rule?.label ?? "none")")
        print("  why: \(decision.explanation)")
        switch decision.action {
        case let .redirect(plan):
            print("  action: \(plan.summary)")
            let body = RedirectRequestBody.make(plan: plan, call: call)
            print("  request: POST /\(apiVersion.rawValue)/communications/calls/\(item.callID)/redirect")
            print("  Content-Type: application/json")
            print(String(decoding: body.jsonBytes(prettyPrinted: true), as: UTF8.self))
        case let .reject(reason):
            print("  action: reject (reason \(reason.rawValue)); the caller is refused at once")
            print("  request: POST /\(apiVersion.rawValue)/communications/calls/\(item.callID)/reject")
            print("  Content-Type: application/json")
            print(String(decoding: RejectRequestBody(reason: reason).jsonBytes(), as: UTF8.self))
        case let .ignore(reason):
            print("  action: ignore" + (reason.map { " (\($0))" } ?? "") + "; no request is sent")
        case .noMatch:
            print("  action: none (no rule matched and there is no default); no request is sent")
        }
    }

    private static func describe(_ participant: ParticipantInfo?) -> String {
        guard let participant else { return "unknown" }
        var text = describe(participant.identity)
        if let region = participant.region { text += ", region \(region)" }
        if let country = participant.countryCode { text += ", country \(country)" }
        return text
    }

    private static func describe(_ identity: IdentitySet?) -> String {
        guard let identity, let kind = identity.primaryKind, let value = identity.identity(kind) else { return "unknown" }
        var text = kind.rawValue
        if let name = value.displayName { text += " \"\(name)\"" }
        if let id = value.id { text += " \(id)" }
        if let tenant = value.tenantID { text += " (tenant \(tenant))" }
        return text
    }
}
