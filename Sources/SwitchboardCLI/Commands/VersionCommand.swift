import ArgumentParser
import Kafka
import SwitchboardCLISupport

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the Switchboard and librdkafka versions."
    )

    func run() throws {
        for (name, version) in SwitchboardVersion.components {
            print("\(name) \(version)")
        }
        if !KafkaLibrary.keepsPartitionsOnCooperativeRebalance {
            print(
                "note: librdkafka before \(KafkaLibraryVersion.keepsPartitionsOnCooperativeRebalance) revokes every partition on a "
                    + "cooperative rebalance; see the README's librdkafka section")
        }
    }
}
