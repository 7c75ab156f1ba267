public import ServiceLifecycle

extension KafkaProducer: Service {
    /// Runs until the service group shuts down, then shuts the producer down, flushing for
    /// ``KafkaProducerConfiguration/shutdownFlushTimeout``.
    ///
    /// Put the producer before the services that send with it in the group, so it shuts down after them.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown(flushTimeout: configuration.shutdownFlushTimeout)
    }
}
