import Kafka
import Observability

/// The version of this build of Switchboard.
package enum SwitchboardVersion {
    package static let current = SwitchboardBuild.version

    /// This build's version and the loaded librdkafka's, as `/readyz`, `/healthz` and `switchboard_build_info` report them.
    package static var components: [(name: String, version: String)] {
        [("switchboard", current), ("librdkafka", KafkaLibrary.version)]
    }
}
