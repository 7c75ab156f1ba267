import AsyncHTTPClient
import Foundation
import GraphSimulator
import NIOCore
import NIOHTTP1

/// A plain HTTP client for talking to the simulator in tests, as Graph clients and bots would.
struct SimulatorHTTPClient {
    let baseURL: String

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data

        var json: [String: Any]? {
            try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        }

        /// `error.code` of a Graph error body.
        var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
        /// `error.message` of a Graph error body.
        var errorMessage: String? { (json?["error"] as? [String: Any])?["message"] as? String }
    }

    func send(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, headers: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: fields, body: Data(bytes.readableBytesView))
    }

    /// A client-credentials token for `tenant`.
    func token(tenant: String = SimulatorDefaults.tenantID) async throws -> String {
        let form = "grant_type=client_credentials&client_id=app&client_secret=secret&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
        let answer = try await send(
            .POST, "/\(tenant)/oauth2/v2.0/token", body: Array(form.utf8),
            headers: [("Content-Type", "application/x-www-form-urlencoded")])
        guard let token = answer.json?["access_token"] as? String else {
            throw TestFailure("token endpoint answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
        }
        return token
    }

    /// `POST /{version}/communications/calls/{id}/redirect`.
    func redirect(
        callID: String, body: [UInt8], version: String = "beta", token: String?, clientRequestID: String? = nil
    ) async throws -> Answer {
        var headers = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if let clientRequestID { headers.append(("client-request-id", clientRequestID)) }
        return try await send(.POST, "/\(version)/communications/calls/\(callID)/redirect", body: body, headers: headers)
    }

    /// `POST /{version}/communications/calls/{id}/reject`.
    func reject(callID: String, body: String = #"{"reason":"busy"}"#, version: String = "v1.0", token: String?) async throws -> Answer {
        var headers = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try await send(.POST, "/\(version)/communications/calls/\(callID)/reject", body: Array(body.utf8), headers: headers)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A redirect body to one target.
func redirectBody(targetJSON: String = #"{"identity":{"user":{"id":"98da8a1a-1b87-452c-a713-65d3f10b1253"}}}"#, extra: String = "") -> [UInt8] {
    Array(#"{"targets":[\#(targetJSON)]\#(extra),"callbackUri":"https://bot.contoso.com/api/calls/1"}"#.utf8)
}
