import ArgumentParser
import Topology
import SwitchboardCLISupport

/// Where the topic declarations are read from.
struct TopicsDirectoryOptions: ParsableArguments {
    @Option(name: ToolSetting.topicsDirectory.name, help: ToolSetting.topicsDirectory.help)
    var topicsDirectory: String?

    /// Loads and checks the declarations, turning a declaration problem into a usage error that names file and field.
    func loadCatalog(environment: SettingsEnvironment) throws -> TopicCatalog {
        let directory = try environment.value(topicsDirectory, ToolSetting.topicsDirectory)
        do {
            return try TopicCatalog.load(directory: directory)
        } catch {
            throw ValidationError("invalid topic declarations: \(error)")
        }
    }
}
