import Hummingbird

/// The webhook's routes (the operational ones are served on their own port).
enum IngressRouter {
    /// `POST /api/calls` and `POST /api/calls/**` (per-call callback URIs of any depth).
    static func make(endpoint: NotificationEndpoint) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("api/calls") { request, context in
            try await endpoint.handle(request, context: context)
        }
        router.post("api/calls/**") { request, context in
            try await endpoint.handle(request, context: context)
        }
        return router
    }
}
