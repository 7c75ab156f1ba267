import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Client-credentials tokens per tenant: cached, refreshed before expiry, one fetch in flight per
/// tenant however many redirects wait for it, failures not cached; at most `maxTenants` tenants are
/// kept (the least recently used go first).
final class GraphTokenProvider: Sendable {
    let configuration: GraphClientConfiguration
    let httpClient: HTTPClient
    let metrics: GraphMetrics
    let logger: Logger
    private let tenants: Mutex<TenantTable<TenantTokenState>>

    init(
        configuration: GraphClientConfiguration, httpClient: HTTPClient, metrics: GraphMetrics, logger: Logger,
        maxTenants: Int = GraphRateLimiter.defaultMaxTenants
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.metrics = metrics
        self.logger = logger
        self.tenants = Mutex(TenantTable(capacity: maxTenants))
    }

    /// How many tenants have token state.
    var tenantCount: Int { tenants.withLock { $0.count } }

    /// A usable token for `tenant`, waiting at most until `deadline` for a fetch.
    func token(tenant: String, deadline: ContinuousClock.Instant) async throws(GraphError) -> GraphAccessToken {
        let lookup: Lookup = tenants.withLock { tenants in
            tenants.update(tenant, make: { TenantTokenState() }) { state in
            switch state.action(now: .now) {
            case .use(let token):
                return .ready(token)
            case .useAndRefresh(let token):
                state.fetch = startFetch(tenant: tenant, state: &state)
                return .ready(token)
            case .wait(let fetch):
                return .pending(fetch)
            case .fetch:
                let fetch = startFetch(tenant: tenant, state: &state)
                state.fetch = fetch
                return .pending(fetch)
            }
            }
        }
        switch lookup {
        case .ready(let token): return token
        case .pending(let pending): return try await Self.value(of: pending, until: deadline)
        }
    }

    private enum Lookup {
        case ready(GraphAccessToken)
        case pending(Task<GraphAccessToken, any Error>)
    }

    /// Forgets `token` after Graph rejected it with 401, so the next caller fetches a new one.
    func invalidate(_ token: GraphAccessToken) {
        tenants.withLock { tenants in
            tenants.modify(token.tenant) { state in
                if state.cached == token { state.cached = nil }
            }
        }
    }

    /// Starts the tenant's one fetch. Called with the lock held; the task finishes by storing its
    /// result under the lock before its waiters see it.
    private func startFetch(tenant: String, state: inout TenantTokenState) -> Task<GraphAccessToken, any Error> {
        state.generation &+= 1
        let generation = state.generation
        return Task {
            let result: Result<GraphAccessToken, GraphError>
            do throws(GraphError) {
                result = .success(try await fetch(tenant: tenant))
            } catch {
                result = .failure(error)
            }
            tenants.withLock { tenants in
                tenants.modify(tenant) { state in
                    guard state.generation == generation else { return }
                    state.fetch = nil
                    if case .success(let token) = result { state.cached = token }
                }
            }
            metrics.recordTokenFetch(success: (try? result.get()) != nil)
            return try result.get()
        }
    }

    /// Waits for a fetch, or for the caller's deadline, whichever comes first. The fetch itself
    /// goes on for the other waiters.
    private static func value(
        of task: Task<GraphAccessToken, any Error>,
        until deadline: ContinuousClock.Instant
    ) async throws(GraphError) -> GraphAccessToken {
        do {
            return try await withThrowingTaskGroup(of: GraphAccessToken.self) { group in
                group.addTask { try await task.value }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    throw GraphError(code: .timeout, message: "no access token before the call's deadline")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else {
                    preconditionFailure("a group with two children yields a first result")
                }
                return first
            }
        } catch let error as GraphError {
            throw error
        } catch is CancellationError {
            throw GraphError(code: .cancelled, message: "cancelled while waiting for an access token")
        } catch {
            throw GraphError(code: .token, message: "access token request failed: \(error)")
        }
    }
}
