extension Result where Failure == any Error {
    /// Runs an async throwing body into a result.
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
