import ServiceLifecycle

/// Runs a service whose `run()` ends graceful shutdown by throwing `CancellationError` (the rules
/// file reloader sleeps under `cancelWhenGracefulShutdown`), and treats that as a normal stop, so the
/// service group goes on shutting the other services down gracefully instead of cancelling them all.
struct StopsQuietly: Service {
    let service: any Service

    func run() async throws {
        do {
            try await service.run()
        } catch is CancellationError where Task.isShuttingDownGracefully {
            return
        }
    }
}
