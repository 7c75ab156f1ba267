import AsyncHTTPClient
import CoreMetrics
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Sends `call: redirect` requests to Microsoft Graph: tokens per tenant, retries inside the call's
/// deadline, a per-tenant rate limit, and HTTP/2 over a connection pool sized for hundreds of calls.
///
/// ```swift
/// let client = try GraphClient(configuration: .init(clientID: id, clientSecret: secret), logger: logger)
/// let result = await client.redirect(
///     callID: callID, tenantID: tenant, body: body, idempotencyKey: key,
///     deadline: offeredAt + .seconds(15), logger: logger)
/// try await client.shutdown()
/// ```
/// - Important: Call `shutdown()` before releasing a client that owns its `HTTPClient`.
public final class GraphClient: Sendable {
    /// The configuration the client was created with.
    public let configuration: GraphClientConfiguration
    let httpClient: HTTPClient
    private let ownsHTTPClient: Bool
    let tokens: GraphTokenProvider
    let rateLimiter: GraphRateLimiter
    let metrics: GraphMetrics
    let logger: Logger

    /// Creates a client with its own `HTTPClient`, configured for Graph.
    ///
    /// - Throws: `GraphError` with code `invalidRequest` when `additionalTrustRootsPEM` is not valid PEM.
    public convenience init(configuration: GraphClientConfiguration, logger: Logger) throws(GraphError) {
        let httpClient = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: try Self.httpClientConfiguration(for: configuration),
            backgroundActivityLogger: logger
        )
        self.init(configuration: configuration, httpClient: httpClient, ownsHTTPClient: true, logger: logger)
    }

    /// Creates a client on an `HTTPClient` the caller owns (and shuts down).
    ///
    /// The caller's client should have a pool sized for the expected concurrency; see
    /// `httpClientConfiguration(for:)`.
    public convenience init(configuration: GraphClientConfiguration, httpClient: HTTPClient, logger: Logger) {
        self.init(configuration: configuration, httpClient: httpClient, ownsHTTPClient: false, logger: logger)
    }

    private init(configuration: GraphClientConfiguration, httpClient: HTTPClient, ownsHTTPClient: Bool, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.ownsHTTPClient = ownsHTTPClient
        self.logger = logger
        self.metrics = GraphMetrics(factory: configuration.metricsFactory ?? MetricsSystem.factory)
        self.rateLimiter = GraphRateLimiter(limit: configuration.rateLimit)
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
            timeout: .init(connect: .seconds(5)),
            connectionPool: .init(
                idleTimeout: .seconds(60),
                concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maxConnectionsPerHost
            )
        )
        http.httpVersion = configuration.http2 ? .automatic : .http1Only
        // Fail fast on a refused connection or certificate: the client's own retries are
        // deadline-aware and logged, where the pool's silent retries would end in a timeout.
        http.connectionPool.retryConnectionEstablishment = false
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
            try await httpClient.shutdown()
        }
    }
}
