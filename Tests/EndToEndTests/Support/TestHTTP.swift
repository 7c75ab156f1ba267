import AsyncHTTPClient

/// The HTTP client of the tests' own requests (control API, ingress, health).
///
/// `HTTPClient.shared` keeps at most 8 connections per host, which would throttle traffic the
/// tests mean to send at a rate: a delivery held 2 s by an ingress waiting for Kafka would then
/// slow every other one. Process-wide, like `HTTPClient.shared`, so it is never shut down.
enum TestHTTP {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
