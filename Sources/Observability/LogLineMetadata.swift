import Logging

/// The metadata of one log line: the handler's, then the provider's, then the event's, later ones winning,
/// and the event's error as `error.message` and `error.type` (as swift-log's own handlers write it).
enum LogLineMetadata {
    /// Copies the handler's dictionary only when something is added to it.
    static func merge(_ base: Logger.Metadata, provider: Logger.MetadataProvider?, event: LogEvent) -> Logger.Metadata {
        var merged = base
        if let provided = provider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }
}
