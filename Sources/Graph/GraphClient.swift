public import AsyncHTTPClient
import CoreMetrics
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Sends `call: redirect` requests to Microsoft Graph: tokens per tenant, retries inside the call's
/// deadline, a per-tenant rate limit, and HTTP/2 over a connection pool sized for hundreds of calls.
///
/// ```swift
/// let client = try GraphClient(configuration: .init(clientID: id, credential: .clientSecret(secret)), logger: logger)
/// let result = await client.redirect(
///     callID: callID, tenantID: tenant, body: body, idempotencyKey: key,
///     deadline: offeredAt + .seconds(15), logger: logger)
/// try await client.shutdown()
/// ```
/// - Important: Call `shutdown()` before releasing a client that owns its `HTTPClient`.
public final class GraphClient: Sendable {
    /// The configuration the client was created with.
    public let configuration: GraphClientConfiguration
    /// The client tokens are fetched with; also the first of `pools`.
    let httpClient: HTTPClient
    /// The connection pools redirects are spread over (see `GraphClientConfiguration.http2Connections`).
    let pools: GraphConnectionPools
    private let ownsHTTPClient: Bool
    let tokens: GraphTokenProvider
    let rateLimiter: GraphRateLimiter
    let metrics: GraphMetrics
    let logger: Logger
    /// `<baseURL>/<version>/communications/calls/`, built once: a call's URL only appends its id and action.
    let callsURLPrefix: String
    /// Each attempt's client span.
    let tracer = ProcessTracer()

    /// Creates a client with its own `HTTPClient`, configured for Graph.
    ///
    /// - Throws: `GraphError` with code `invalidRequest` when `additionalTrustRootsPEM` is not valid PEM.
    public convenience init(configuration: GraphClientConfiguration, logger: Logger) throws(GraphError) {
        let httpConfiguration = try Self.httpClientConfiguration(for: configuration)
        let loops = Array(MultiThreadedEventLoopGroup.singleton.makeIterator())
        let layout = GraphPoolLayout(
            http2: configuration.http2, http2Connections: configuration.http2Connections,
            maxConnectionsPerHost: configuration.maxConnectionsPerHost, eventLoops: loops.count)
        let clients = layout.pools.map { pool in
            var poolConfiguration = httpConfiguration
            poolConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = pool.http1Connections
            // A pool on one loop: its requests and their connections share it (see `GraphPoolLayout`).
            return HTTPClient(
                eventLoopGroup: loops[pool.eventLoop],
                configuration: poolConfiguration,
                backgroundActivityLogger: logger
            )
        }
        self.init(configuration: configuration, httpClients: clients, ownsHTTPClient: true, logger: logger)
    }

    /// Creates a client on an `HTTPClient` the caller owns (and shuts down).
    ///
    /// The caller's client should have a pool sized for the expected concurrency; see
    /// `httpClientConfiguration(for:)`. All redirects share its one HTTP/2 connection.
    public convenience init(configuration: GraphClientConfiguration, httpClient: HTTPClient, logger: Logger) {
        self.init(configuration: configuration, httpClients: [httpClient], ownsHTTPClient: false, logger: logger)
    }

    private init(configuration: GraphClientConfiguration, httpClients: [HTTPClient], ownsHTTPClient: Bool, logger: Logger) {
        // Both initialisers pass at least one client.
        let httpClient = httpClients[0]
        self.configuration = configuration
        self.httpClient = httpClient
        self.pools = GraphConnectionPools(httpClients)
        self.ownsHTTPClient = ownsHTTPClient
        self.logger = logger
        self.metrics = GraphMetrics(factory: configuration.metricsFactory ?? MetricsSystem.factory)
        self.rateLimiter = GraphRateLimiter(limit: configuration.rateLimit)
        self.callsURLPrefix = "\(configuration.endpoint.baseURL)/\(configuration.endpoint.apiVersion.rawValue)/communications/calls/"
        self.tokens = GraphTokenProvider(
            configuration: configuration, httpClient: httpClient, metrics: metrics, logger: logger)
    }

    /// The `HTTPClient` configuration the client uses for its own `HTTPClient`: a pool of
    /// `maxConnectionsPerHost`, HTTP/2 when enabled, no automatic redirects, no silent connection
    /// retries, the extra trust roots.
    ///
    /// - Throws: `GraphError` with code `invalidRequest` when `additionalTrustRootsPEM` is not valid PEM.
    public static func httpClientConfiguration(
        for configuration: GraphClientConfiguration
    ) throws(GraphError) -> HTTPClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let pem = configuration.additionalTrustRootsPEM {
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))]
            } catch {
                throw GraphError(code: .invalidRequest, message: "the additional trust roots are not valid PEM: \(error)")
            }
        }
        var http = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.connectTimeout)),
            connectionPool: .init(
                idleTimeout: .seconds(60),
                concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maxConnectionsPerHost
            )
        )
        http.httpVersion = configuration.http2 ? .automatic : .http1Only
        // Fail fast on a refused connection or certificate: the client's own retries are
        // deadline-aware and logged, where the pool's silent retries would end in a timeout.
        http.connectionPool.retryConnectionEstablishment = false
        // The client traces each attempt itself (a client span per Graph attempt); AsyncHTTPClient's own span
        // per request would repeat it without the call's attributes and costs allocations even when no
        // tracer is bootstrapped.
        http.tracing.tracer = nil
        return http
    }

    /// Fetches the tokens of `configuration.prewarmTenants`, so the first calls do not wait for them.
    ///
    /// Failures are logged, not thrown: a tenant that cannot be warmed is fetched again on its first call.
    public func prewarm() async {
        await withTaskGroup(of: Void.self) { group in
            for tenant in configuration.prewarmTenants {
                group.addTask {
                    do {
                        _ = try await self.tokens.token(tenant: tenant, deadline: .now + self.configuration.tokenTimeout)
                        self.logger.info("Pre-warmed access token", metadata: ["graph.tenant": "\(tenant)"])
                    } catch {
                        self.logger.warning(
                            "Could not pre-warm access token",
                            metadata: ["graph.tenant": "\(tenant)", "error": "\(error)"])
                    }
                }
            }
        }
    }

    /// Shuts down the client's own `HTTPClient`; a caller-owned one is left running.
    public func shutdown() async throws {
        if ownsHTTPClient {
            for client in pools.clients {
                try await client.shutdown()
            }
        }
    }
}
