import CallModel
import Foundation
import Topology

/// What `switchboard-dev dev` prints before the traffic starts: what runs where, how to send your own
/// notification with curl, and how to read the outcomes.
struct DevInstructions: Sendable {
    let settings: DevSettings
    let catalog: TopicCatalog
    let bootstrapServers: String
    let rules: RoutingRules

    /// The lines, with a freshly signed token when one could be made.
    func lines(token: String?) -> [String] {
        let program = Self.programName()
        let topics = catalog.declarations.map { "\($0.name) ×\($0.partitions)" }.joined(separator: ", ")
        let health = (0..<settings.workers).map { index in
            settings.workerHealthPort == 0 ? "any free port" : "http://127.0.0.1:\(settings.workerHealthPort + index)/readyz"
        }
        let tokenCommand = program + " dev token"
            + (settings.simulatorPort == DevSettings.Defaults.simulatorPort ? "" : " --simulator-url \(settings.simulatorURL)")
        var lines = [
            "",
            "Running:",
            "  embedded Kafka   \(bootstrapServers) (\(settings.brokers) brokers; topics \(topics))",
            "  Graph simulator  \(settings.simulatorURL) (latency \(settings.graphLatency), faults \(settings.faults == .none ? "none" : settings.faults.description))",
            "  ingress          \(settings.ingressURL)/api/calls (token checks on, signing keys from the simulator), health "
                + (settings.ingressHealthPort == 0 ? "any free port" : "http://127.0.0.1:\(settings.ingressHealthPort)/readyz"),
            "  workers          \(settings.workers) in group switchboard-dev-workers, health \(health.joined(separator: ", "))",
            "  Graph auth       \(settings.graphAuth.rawValue) (the simulated Entra checks it; --graph-auth secret, certificate or workload-identity)",
            "  rules            \(settings.rulesFile) (\(rules.rules.count) rules, Graph API \(settings.graphAPIVersion.rawValue))",
            "",
            "Have the simulated Graph offer a call and post its signed notification to the ingress:",
            "  curl -s -X POST \(settings.simulatorURL)/simulator/calls -d '{\"deliver\": true}'",
            "Post your own notification body (Graph redirects only calls it offered; others end as failed, 8522):",
            "  curl -i \(settings.ingressURL)/api/calls -H \"Authorization: Bearer $(\(tokenCommand))\" \\",
            "       -H 'Content-Type: application/json' --data @Sources/SeedExamples/Examples/example2-incoming-notification.json",
        ]
        if let token {
            lines.append("  (a token valid for 5 minutes, from `\(tokenCommand)`: \(token))")
        }
        lines += [
            "Read the outcomes, one JSON CloudEvent per line:",
            "  \(Self.productionProgram(besides: program)) outcomes tail --kafka-bootstrap-servers \(bootstrapServers) --from-beginning",
            "",
        ]
        return lines
    }

    /// How the user started this program, for commands to copy: the path as typed when it is one
    /// (`.build/debug/switchboard-dev`), else `switchboard-dev`.
    static func programName() -> String {
        let invoked = CommandLine.arguments.first ?? "switchboard-dev"
        guard invoked.contains("/") else { return "switchboard-dev" }
        let directory = FileManager.default.currentDirectoryPath + "/"
        return invoked.hasPrefix(directory) ? String(invoked.dropFirst(directory.count)) : invoked
    }

    /// The production executable built next to `program` (`outcomes tail` is one of its commands).
    static func productionProgram(besides program: String) -> String {
        guard let slash = program.lastIndex(of: "/") else { return "switchboard" }
        return String(program[...slash]) + "switchboard"
    }
}
