import Foundation
import Hummingbird
import Prometheus

/// The endpoints Kubernetes and Prometheus call on every Switchboard process:
/// `/healthz` (alive), `/readyz` (able to take work) and `/metrics` (Prometheus text format).
public struct OperationalRoutes: Sendable {
    /// Where `/metrics` reads from.
    public let registry: PrometheusCollectorRegistry
    /// Whether the process is alive; a failing liveness check makes Kubernetes restart the pod.
    public let liveness: @Sendable () async -> HealthStatus
    /// Whether the process can take work; a failing readiness check takes the pod out of rotation.
    public let readiness: @Sendable () async -> HealthStatus

    /// Creates the routes.
    /// - Parameters:
    ///   - registry: The registry `/metrics` exposes.
    ///   - liveness: Checked on `/healthz`; by default the process is alive while it answers.
    ///   - readiness: Checked on `/readyz`.
    public init(
        registry: PrometheusCollectorRegistry,
        liveness: @escaping @Sendable () async -> HealthStatus = { HealthStatus(isReady: true, detail: "alive") },
        readiness: @escaping @Sendable () async -> HealthStatus
    ) {
        self.registry = registry
        self.liveness = liveness
        self.readiness = readiness
    }

    /// Adds `GET /healthz`, `GET /readyz` and `GET /metrics` to `router`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("healthz") { _, _ in
            Self.response(for: await liveness())
        }
        router.get("readyz") { _, _ in
            Self.response(for: await readiness())
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

    static func response(for status: HealthStatus) -> Response {
        Response(
            status: status.isReady ? .ok : .serviceUnavailable,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: status.detail + "\n"))
        )
    }
}
