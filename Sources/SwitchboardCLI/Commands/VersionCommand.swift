import ArgumentParser
import Kafka

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the Switchboard and librdkafka versions."
    )

    func run() throws {
        print("switchboard \(SwitchboardVersion.current)")
        print("librdkafka \(KafkaLibrary.version)")
    }
}
