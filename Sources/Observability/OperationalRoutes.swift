import Foundation
public import Hummingbird
public import Prometheus

/// The endpoints Kubernetes and Prometheus call on every Switchboard process:
/// `/healthz` (alive), `/readyz` (able to take work) and `/metrics` (Prometheus text format).
public struct OperationalRoutes: Sendable {
    /// Where `/metrics` reads from.
    public let registry: PrometheusCollectorRegistry
    /// Whether the process is alive; a failing liveness check makes Kubernetes restart the pod.
    public let liveness: @Sendable () async -> HealthStatus
    /// Whether the process can take work; a failing readiness check takes the pod out of rotation.
    public let readiness: @Sendable () async -> HealthStatus
    /// The versions of this build and of the libraries it loaded, one `name version` line each after the
    /// status of `/healthz` and `/readyz`, and the labels of the `switchboard_build_info` gauge (always 1).
    public let versions: [(name: String, version: String)]

    /// Creates the routes.
    /// - Parameters:
    ///   - registry: The registry `/metrics` exposes.
    ///   - versions: Reported on `/healthz`, `/readyz` and as `switchboard_build_info`; default none.
    ///   - liveness: Checked on `/healthz`; by default the process is alive while it answers.
    ///   - readiness: Checked on `/readyz`.
    public init(
        registry: PrometheusCollectorRegistry,
        versions: [(name: String, version: String)] = [],
        liveness: @escaping @Sendable () async -> HealthStatus = { HealthStatus(isReady: true, detail: "alive") },
        readiness: @escaping @Sendable () async -> HealthStatus
    ) {
        self.registry = registry
        self.versions = versions
        self.liveness = liveness
        self.readiness = readiness
        if !versions.isEmpty {
            registry.makeGauge(name: "switchboard_build_info", labels: versions.map { ($0.name, $0.version) }).set(1.0)
        }
    }

    /// Adds `GET /healthz`, `GET /readyz` and `GET /metrics` to `router`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        let about = versions.map { "\($0.name) \($0.version)\n" }.joined()
        router.get("healthz") { _, _ in
            Self.response(for: await liveness(), about: about)
        }
        router.get("readyz") { _, _ in
            Self.response(for: await readiness(), about: about)
        }
        router.get("metrics") { _, _ in
            let bytes = registry.emitToBuffer()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
    }

    static func response(for status: HealthStatus, about: String = "") -> Response {
        Response(
            status: status.isReady ? .ok : .serviceUnavailable,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: status.detail + "\n" + about))
        )
    }
}
