import AsyncHTTPClient
import Foundation
import NIOCore

/// Posts to the ingress directly from the test, as Graph (or an attacker) would.
struct IngressClient: Sendable {
    let baseURL: String

    /// An answer of the ingress.
    struct Answer: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// Posts `body` to `/api/calls` with `headers`.
    func post(_ body: [UInt8], headers: [(name: String, value: String)], path: String = "/api/calls") async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await TestHTTP.client.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return Answer(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: String(buffer: answer))
    }
}
