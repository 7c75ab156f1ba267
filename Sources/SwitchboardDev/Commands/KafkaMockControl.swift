import Foundation
import Kafka

/// The `kafka-mock --control-stdin` channel: fault-injection commands read line by line from standard
/// input, so another process (an end-to-end test) can take brokers down and bring them back.
///
/// Commands, one per line:
/// - `broker-down all|<id>`: disconnect a broker (or every broker) and refuse new connections;
/// - `broker-up all|<id>`: accept connections again;
/// - `rtt all|<id> <milliseconds>`: delay every response of a broker.
///
/// Each command is answered on standard output with one line, `ok <command>` once it took effect or
/// `error <what is wrong>`, so the sender can wait for it. End of input ends the channel, not the cluster.
struct KafkaMockControl: Sendable {
    let cluster: KafkaMockCluster

    /// Reads and runs commands on a thread of its own (reading standard input blocks).
    func start() {
        Thread.detachNewThread {
            while let line = readLine() {
                let command = line.trimmingCharacters(in: .whitespaces)
                guard !command.isEmpty else { continue }
                Self.reply(run(command))
            }
        }
    }

    /// Runs one command; the line to answer with.
    func run(_ command: String) -> String {
        let words = command.split(separator: " ").map(String.init)
        do {
            switch (words.first, words.count) {
            case ("broker-down", 2):
                try cluster.setBrokerDown(try broker(words[1]))
            case ("broker-up", 2):
                try cluster.setBrokerUp(try broker(words[1]))
            case ("rtt", 3):
                guard let milliseconds = Int(words[2]), milliseconds >= 0 else {
                    return "error rtt needs a number of milliseconds, got \(words[2])"
                }
                try cluster.setRoundTripTime(broker: try broker(words[1]), milliseconds: milliseconds)
            default:
                return "error unknown command \(command); use broker-down all|<id>, broker-up all|<id>, rtt all|<id> <ms>"
            }
            return "ok \(command)"
        } catch {
            return "error \(command): \(error)"
        }
    }

    private func broker(_ word: String) throws(ControlError) -> Int32? {
        if word == "all" { return nil }
        guard let id = Int32(word), (1...Int32(cluster.brokerCount)).contains(id) else {
            throw ControlError(message: "broker must be all or 1…\(cluster.brokerCount), got \(word)")
        }
        return id
    }

    private static func reply(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    struct ControlError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
