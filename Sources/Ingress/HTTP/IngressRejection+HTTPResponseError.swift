import Hummingbird

/// A refusal is an HTTP answer: thrown from a route, the router answers with its problem response.
extension IngressRejection: HTTPResponseError {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }
}
