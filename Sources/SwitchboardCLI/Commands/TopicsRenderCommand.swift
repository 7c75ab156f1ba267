import ArgumentParser
import Topology
import SwitchboardCLISupport

/// `switchboard topics render --strimzi`: the declarations as Strimzi `KafkaTopic` resources.
struct TopicsRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the declared topics as Kubernetes manifests.",
        discussion: """
            With --strimzi, prints one Strimzi KafkaTopic (kafka.strimzi.io/v1beta2) per declared topic, \
            for `kubectl apply -f -` in the namespace the Strimzi topic operator watches.
            """
    )

    @OptionGroup var topics: TopicsDirectoryOptions

    @Flag(name: .customLong("strimzi"), help: "Render Strimzi KafkaTopic resources (the only format so far).")
    var strimzi = false

    @Option(name: ToolSetting.strimziCluster.name, help: ToolSetting.strimziCluster.help)
    var cluster: String?

    @Option(name: ToolSetting.strimziNamespace.name, help: ToolSetting.strimziNamespace.help)
    var namespace: String?

    func validate() throws {
        guard strimzi else {
            throw ValidationError("choose an output format: --strimzi")
        }
    }

    func run() throws {
        let environment = SettingsEnvironment.process
        let catalog = try topics.loadCatalog(environment: environment)
        let cluster = try environment.value(cluster, ToolSetting.strimziCluster)
        let namespace = try environment.optional(namespace, ToolSetting.strimziNamespace)
        do {
            print(try catalog.strimziManifests(cluster: cluster, namespace: namespace), terminator: "")
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
