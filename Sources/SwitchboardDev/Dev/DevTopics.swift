import Foundation
import Kafka
import Logging
import Topology

/// The topics of `switchboard-dev dev`: the declarations of `topics/`, created on the embedded cluster
/// the way `switchboard topics apply` creates them on a real one.
enum DevTopics {
    /// The declarations to use: the directory's, else (only when it does not exist, e.g. outside a
    /// checkout) the same three topics built in, and a note saying so.
    ///
    /// - Throws: ``DevError`` when the directory exists but its declarations are invalid.
    static func catalog(directory: String) throws -> (catalog: TopicCatalog, note: String?) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            let note = "no topic declarations at \(directory) (run from the repository or pass --topics-dir); using built-in ones"
            do {
                return (try TopicCatalog(builtIn), note)
            } catch {
                preconditionFailure("the built-in topic declarations are invalid: \(error)")
            }
        }
        do {
            return (try TopicCatalog.load(directory: directory), nil)
        } catch {
            throw DevError("invalid topic declarations in \(directory): \(error)")
        }
    }

    /// Creates the catalog's topics on the embedded cluster and checks they are there.
    ///
    /// - Throws: ``DevError`` when a topic cannot be created.
    static func create(_ catalog: TopicCatalog, on mock: KafkaMockCluster, logger: Logger) async throws {
        let cluster = try MockTopicCluster(mock: mock, logger: logger)
        let report = try await catalog.apply(to: cluster)
        guard report.isSuccessful else {
            throw DevError("cannot create the topics on the embedded cluster:\n\(report)")
        }
    }

    /// The declarations of `topics/` as of this version, for runs outside a checkout.
    static let builtIn: [TopicDeclaration] = [
        TopicDeclaration(
            name: TopicRole.notifications.defaultName, role: .notifications, partitions: 12, replicationFactor: 3,
            configs: ["max.message.bytes": "1048576"]),
        TopicDeclaration(
            name: TopicRole.outcomes.defaultName, role: .outcomes, partitions: 12, replicationFactor: 3,
            coPartitionedWith: TopicRole.notifications.defaultName),
        TopicDeclaration(
            name: TopicRole.deadLetters.defaultName, role: .deadLetters, partitions: 3, replicationFactor: 3,
            configs: ["max.message.bytes": "2097152"]),
    ]
}
