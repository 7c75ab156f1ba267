public import Logging
import ServiceLifecycle

extension SimulatedGraph {
    /// Runs a simulator for the duration of `body`, then shuts it down gracefully: for tests and
    /// tools that need a Graph for a while.
    ///
    /// - Parameters:
    ///   - configuration: The simulator's configuration (port 0 for a free port).
    ///   - logger: The simulator's logger.
    ///   - body: Work with the running simulator and where it listens.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or why the simulator could not start.
    public static func withRunning<Result: Sendable>(
        configuration: SimulatorConfiguration = SimulatorConfiguration(),
        logger: Logger,
        _ body: (SimulatedGraph, SimulatorAddress) async throws -> Result
    ) async throws -> Result {
        let simulator = try await SimulatedGraph(configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [simulator], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result: Swift.Result<Result, any Error>
            do {
                let address = try await simulator.waitUntilRunning()
                result = .success(try await body(simulator, address))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}
