import Foundation
import NIOCore
import NIOHTTP1

extension GraphError {
    /// The error of a non-2xx Graph response: Graph's error JSON parsed, anything else kept as text.
    static func fromResponse(status: Int, headers: HTTPHeaders, body: ByteBuffer) -> GraphError {
        let text = String(buffer: body)
        var error = GraphError(
            code: .http,
            status: status,
            message: "Graph answered \(status)",
            requestID: headers.first(name: "request-id"),
            clientRequestID: headers.first(name: "client-request-id"),
            date: headers.first(name: "Date")
        )
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let detail = object["error"] as? [String: Any]
        else {
            error.rawBody = text.isEmpty ? nil : text
            return error
        }
        error.graphCode = detail["code"] as? String
        if let message = detail["message"] as? String, !message.isEmpty {
            error.message = message
        }
        let inner = (detail["innerError"] ?? detail["innererror"]) as? [String: Any]
        error.requestID = error.requestID ?? inner?["request-id"] as? String
        error.clientRequestID = error.clientRequestID ?? inner?["client-request-id"] as? String
        error.date = error.date ?? inner?["date"] as? String
        return error
    }
}
