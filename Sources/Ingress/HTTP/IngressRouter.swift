import Hummingbird
import Observability

/// The ingress's routes: the notification webhook and the operational endpoints.
enum IngressRouter {
    /// `POST /api/calls`, `POST /api/calls/**` (per-call callback URIs of any depth), and
    /// `/healthz`, `/readyz`, `/metrics`.
    static func make(endpoint: NotificationEndpoint, operational: OperationalRoutes) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("api/calls") { request, context in
            await endpoint.handle(request, context: context)
        }
        router.post("api/calls/**") { request, context in
            await endpoint.handle(request, context: context)
        }
        operational.register(on: router)
        return router
    }
}
