import CallModel
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
            let document = try? JSONValue.parse(Array(body.readableBytesView)),
            let detail = document["error"], detail.objectValue != nil
        else {
            error.rawBody = text.isEmpty ? nil : text
            return error
        }
        error.graphCode = detail["code"]?.stringValue
        if let message = detail["message"]?.stringValue, !message.isEmpty {
            error.message = message
        }
        let inner = detail["innerError"] ?? detail["innererror"]
        error.requestID = error.requestID ?? inner?["request-id"]?.stringValue
        error.clientRequestID = error.clientRequestID ?? inner?["client-request-id"]?.stringValue
        error.date = error.date ?? inner?["date"]?.stringValue
        return error
    }
}
