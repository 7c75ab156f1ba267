/// The produce did not finish within the ingress's time budget.
struct TimeBudgetExceeded: Error, Sendable {
    var budget: Duration
}

/// Runs `operation`, and throws ``TimeBudgetExceeded`` (cancelling it) when it takes longer than `budget`.
func withTimeBudget<Value: Sendable>(
    _ budget: Duration,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: budget)
            return nil
        }
        defer { group.cancelAll() }
        // The group has two tasks, so the first `next()` always yields a result or throws.
        guard let first = try await group.next(), let value = first else {
            throw TimeBudgetExceeded(budget: budget)
        }
        return value
    }
}
