import Hummingbird
import HummingbirdTesting
import Metrics
import Observability
import Prometheus
import Synchronization
import Testing

@Suite struct OperationalRoutesTests {
    @Test func healthAndReadinessReflectTheChecks() async throws {
        let ready = Mutex(false)
        let routes = OperationalRoutes(registry: PrometheusCollectorRegistry()) {
            let isReady = ready.withLock { $0 }
            return HealthStatus(isReady: isReady, detail: isReady ? "consuming" : "not assigned yet")
        }
        let router = Router()
        routes.register(on: router)
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == "not assigned yet\n")
            }
            ready.withLock { $0 = true }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "consuming\n")
            }
        }
    }

    @Test func metricsExposeTheRegistryInPrometheusFormat() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        Counter(label: "switchboard_test_total", dimensions: [("kind", "probe")], factory: factory).increment(by: 3)
        let router = Router()
        OperationalRoutes(registry: registry) { HealthStatus(isReady: true, detail: "ok") }.register(on: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(String(buffer: response.body).contains(#"switchboard_test_total{kind="probe"} 3"#))
            }
        }
    }

    @Test func versionsFollowTheStatusAndBecomeBuildInfo() async throws {
        let registry = PrometheusCollectorRegistry()
        let routes = OperationalRoutes(
            registry: registry, versions: [("switchboard", "0.1.0"), ("librdkafka", "2.16.0")]
        ) { HealthStatus(isReady: false, detail: "not assigned yet") }
        let router = Router()
        routes.register(on: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == "not assigned yet\nswitchboard 0.1.0\nlibrdkafka 2.16.0\n")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(String(buffer: response.body) == "alive\nswitchboard 0.1.0\nlibrdkafka 2.16.0\n")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"switchboard_build_info{switchboard="0.1.0",librdkafka="2.16.0"} 1"#))
            }
        }
    }
}
