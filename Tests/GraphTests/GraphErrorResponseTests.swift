import NIOCore
import NIOHTTP1
import Testing

@testable import Graph

/// Graph's error bodies as the client reads them: the documented `error` object, or the raw text.
@Suite struct GraphErrorResponseTests {
    @Test("Graph's error object gives the code, the message and, without headers, the inner error's ids")
    func documentedErrorObject() {
        let body = #"{"error":{"code":"7505","message":"Request authorization tenant mismatch.","innerError":{"request-id":"r1","client-request-id":"c1","date":"2020-02-13T17:30:24"}}}"#
        let error = GraphError.fromResponse(status: 403, headers: HTTPHeaders(), body: ByteBuffer(string: body))
        #expect(error.graphCode == "7505")
        #expect(error.message == "Request authorization tenant mismatch.")
        #expect(error.requestID == "r1" && error.clientRequestID == "c1" && error.date == "2020-02-13T17:30:24")
        #expect(error.rawBody == nil)
    }

    @Test("headers win over the inner error; the lowercase innererror spelling is read too")
    func headersFirst() {
        let body = #"{"error":{"code":"x","message":"m","innererror":{"request-id":"inner","date":"d"}}}"#
        let error = GraphError.fromResponse(status: 500, headers: HTTPHeaders([("request-id", "header")]), body: ByteBuffer(string: body))
        #expect(error.requestID == "header")
        #expect(error.date == "d")
    }

    @Test("a body that is not Graph's error object is kept as text", arguments: [
        "<html>Service Unavailable</html>", #"{"message":"no error member"}"#, #"{"error":"a string"}"#, #"{"error":{"code":1,"#,
    ])
    func otherBodies(_ body: String) {
        let error = GraphError.fromResponse(status: 503, headers: HTTPHeaders(), body: ByteBuffer(string: body))
        #expect(error.graphCode == nil)
        #expect(error.message == "Graph answered 503")
        #expect(error.rawBody == body)
    }
}
