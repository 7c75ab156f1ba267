import ArgumentParser
import CallModel
import Foundation
import SwitchboardCLISupport

/// Options shared by the `rules` subcommands.
struct RulesOptions: ParsableArguments {
    @Option(name: ToolSetting.rulesGraphAPIVersion.name, help: ToolSetting.rulesGraphAPIVersion.help)
    var graphApiVersion: String?

    /// The version from the flag, else `SWITCHBOARD_GRAPH_API_VERSION`, else v1.0.
    func apiVersion(_ environment: SettingsEnvironment) throws -> GraphAPIVersion {
        try environment.value(text: graphApiVersion, ToolSetting.rulesGraphAPIVersion)
    }

    /// Loads a rules file, printing every problem to standard error.
    ///
    /// - Throws: `ExitCode(1)` when the file has problems, `ExitCode(2)` when it cannot be read.
    func loadRules(path: String, apiVersion: GraphAPIVersion) throws -> RoutingRules {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            printError("\(path): cannot read the file: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        do {
            return try RoutingRules.load(yaml: text, apiVersion: apiVersion)
        } catch {
            for issue in error.issues {
                let location = path + (issue.line.map { ":\($0)" } ?? "")
                printError("\(location): error: " + (issue.path.isEmpty ? "" : issue.path + ": ") + issue.message)
            }
            if error.issues.contains(where: { $0.code == .betaOnly }) {
                printError("hint: these fields need Graph beta; pass --graph-api-version beta or set SWITCHBOARD_GRAPH_API_VERSION=beta")
            }
            let count = error.issues.count
            printError("\(path): \(count) \(count == 1 ? "problem" : "problems") (checked for Graph API \(apiVersion.rawValue))")
            throw ExitCode(1)
        }
    }
}

/// Writes a line to standard error (CLI output only).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
