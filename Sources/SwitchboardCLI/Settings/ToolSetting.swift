import CallModel
import SwitchboardCLISupport
import Worker

/// The settings of `switchboard topics`, `rules` and `outcomes`, the commands people run by hand.
enum ToolSetting {
    static let topicsDirectory = Setting(
        flag: "topics-dir", variable: "SWITCHBOARD_TOPICS_DIR", default: "topics",
        abstract: "Directory of the topic declarations", valueName: "directory")
    static let topicsTimeout = Setting(
        flag: "timeout", variable: "SWITCHBOARD_TOPICS_TIMEOUT", default: 30,
        abstract: "Seconds each Kafka request of `topics apply` and `topics check` may take", valueName: "seconds")
    static let embeddedBrokers = Setting(
        flag: "embedded-brokers", variable: "SWITCHBOARD_MOCK_BROKERS", default: 3,
        abstract: "Brokers of the embedded cluster of `topics apply --embedded`", valueName: "count")
    static let strimziCluster = Setting(
        flag: "cluster", variable: "SWITCHBOARD_STRIMZI_CLUSTER", default: "kafka",
        abstract: "Name of the Strimzi Kafka resource: the strimzi.io/cluster label", valueName: "name")
    static let strimziNamespace = Setting<String?>(
        flag: "namespace", variable: "SWITCHBOARD_STRIMZI_NAMESPACE", defaultText: "none: kubectl's",
        abstract: "Namespace to write into the manifests", valueName: "namespace")
    static let rulesGraphAPIVersion = WorkerSetting.graphAPIVersion
    static let replayBaseline = Setting<String?>(
        flag: "baseline", variable: "SWITCHBOARD_RULES_FILE", defaultText: "the worker's live rules file",
        abstract: "The rules in force (YAML) that `rules replay` compares against", valueName: "file")
    static let replayTopic = Setting(
        flag: "topic", variable: "SWITCHBOARD_NOTIFICATIONS_TOPIC", default: WorkerConfiguration().notificationsTopic,
        abstract: "The notifications topic `rules replay` reads", valueName: "topic")
    static let outcomesTopic = Setting(
        flag: "topic", variable: "SWITCHBOARD_OUTCOMES_TOPIC", default: WorkerConfiguration().outcomesTopic,
        abstract: "The outcomes topic `outcomes tail` reads", valueName: "topic")
    static let outcomesFromBeginning = Setting.toggle(
        flag: "from-beginning", variable: "SWITCHBOARD_OUTCOMES_FROM_BEGINNING",
        abstract: "Start `outcomes tail` with the oldest retained events instead of new ones only")
    static let outcomesMaxEvents = Setting<Int?>(
        flag: "max-events", variable: "SWITCHBOARD_OUTCOMES_MAX_EVENTS", defaultText: "run until Ctrl-C",
        abstract: "Exit `outcomes tail` after printing this many events", valueName: "count")

    /// Every setting, grouped by command.
    static let rows: [SettingRow] = [
        topicsDirectory.row, topicsTimeout.row, embeddedBrokers.row, strimziCluster.row, strimziNamespace.row,
        rulesGraphAPIVersion.row, replayBaseline.row, replayTopic.row, outcomesTopic.row, outcomesFromBeginning.row,
        outcomesMaxEvents.row,
    ]
}
