import AsyncHTTPClient
import Foundation
import GraphSimulator
import NIOCore
import NIOHTTP1

/// The Graph simulator's control API (`/simulator/…`), driven over HTTP from the test process.
struct SimulatorControl: Sendable {
    /// The simulator's base URL, e.g. `http://127.0.0.1:40123`.
    let baseURL: String

    /// What the simulator answered to an offer.
    struct Offer: Decodable, Sendable {
        struct Delivery: Decodable, Sendable {
            var status: Int?
            var error: String?
        }

        var callId: String
        var tenantId: String
        var delivery: Delivery?

        /// Whether the ingress acknowledged the delivered notification (202).
        var acknowledged: Bool { delivery?.status == 202 }
    }

    /// The body of `POST /simulator/calls`.
    struct OfferRequest: Encodable, Sendable {
        var callId: String?
        var tenantId: String?
        var caller: CallParty?
        var targets: [CallParty]?
        var seedScenario: Int?
        var deliver: Bool?
    }

    /// Offers an incoming call and, with `deliver`, posts its signed notification to the ingress.
    func offer(_ request: OfferRequest) async throws -> Offer {
        let body = try JSONEncoder().encode(request)
        let (status, answer) = try await send(.POST, "/simulator/calls", body: Array(body))
        guard status == 201 else {
            throw HarnessError("the simulator refused the offer with \(status): \(String(decoding: answer, as: UTF8.self))")
        }
        return try JSONDecoder().decode(Offer.self, from: Data(answer))
    }

    /// Offers a call from `caller` to `targets` (defaults: the examples' user calling the bot) and delivers it.
    func offerCall(caller: CallParty? = nil, targets: [CallParty]? = nil) async throws -> Offer {
        try await offer(OfferRequest(caller: caller, targets: targets, deliver: true))
    }

    /// A call offered but not delivered: its notification as Graph would post it, for the test to post.
    struct Notification: Sendable {
        var callID: String
        var body: [UInt8]
        var headers: [(name: String, value: String)]
    }

    /// Offers a call without posting it; returns the signed notification to post.
    func offerNotification() async throws -> Notification {
        let (status, answer) = try await send(.POST, "/simulator/calls", body: Array("{}".utf8))
        guard status == 201, let object = try JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any],
            let callID = object["callId"] as? String, let headers = object["headers"] as? [String: String],
            let notification = object["notification"]
        else {
            throw HarnessError("unexpected answer to an offer (\(status)): \(String(decoding: answer, as: UTF8.self))")
        }
        let body = try JSONSerialization.data(withJSONObject: notification)
        return Notification(callID: callID, body: Array(body), headers: headers.map { ($0.key, $0.value) })
    }

    /// The simulator's counters.
    func stats() async throws -> SimulatorStats {
        try await getJSON("/simulator/stats")
    }

    /// The requests the simulator recorded, for one call when given.
    func requests(callID: String? = nil) async throws -> [RecordedRequest] {
        try await getJSON("/simulator/requests" + (callID.map { "?callId=\($0)" } ?? ""))
    }

    /// The redirect requests the simulator recorded.
    func redirectRequests(callID: String? = nil) async throws -> [RecordedRequest] {
        try await requests(callID: callID).filter { $0.method == "POST" && $0.path.hasSuffix("/redirect") }
    }

    /// Replaces the random faults and/or the latency (text forms of the `simulate` flags).
    func setFaults(_ faults: String? = nil, latency: String? = nil) async throws {
        var fields: [String: String] = [:]
        fields["faults"] = faults
        fields["latency"] = latency
        let (status, answer) = try await send(.PUT, "/simulator/faults", body: Array(try JSONEncoder().encode(fields)))
        guard status == 200 else {
            throw HarnessError("the simulator refused the faults with \(status): \(String(decoding: answer, as: UTF8.self))")
        }
    }

    /// A notification token signed by the simulator for `tenant`, as Microsoft would send it.
    func notificationToken(tenant: String) async throws -> String {
        struct Answer: Decodable { var token: String }
        let answer: Answer = try await getJSON("/simulator/token?tenant=\(tenant)")
        return answer.token
    }

    /// A federated token of the simulator's trusted issuer, as the kubelet projects it for workload identity.
    func federatedToken(subject: String) async throws -> String {
        struct Answer: Decodable { var token: String }
        let escaped = subject.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? subject
        let answer: Answer = try await getJSON("/simulator/federated-token?subject=\(escaped)")
        return answer.token
    }

    /// Drops every access token the simulator issued: the next redirects are answered 401.
    func revokeTokens() async throws {
        let (status, answer) = try await send(.DELETE, "/simulator/tokens", body: nil)
        guard status == 204 else {
            throw HarnessError("DELETE /simulator/tokens answered \(status): \(String(decoding: answer, as: UTF8.self))")
        }
    }

    private func getJSON<Value: Decodable>(_ path: String) async throws -> Value {
        let (status, body) = try await send(.GET, path, body: nil)
        guard status == 200 else {
            throw HarnessError("GET \(path) at the simulator answered \(status): \(String(decoding: body, as: UTF8.self))")
        }
        return try JSONDecoder().decode(Value.self, from: Data(body))
    }

    private func send(_ method: HTTPMethod, _ path: String, body: [UInt8]?) async throws -> (Int, [UInt8]) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await TestHTTP.client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(buffer: bytes))
    }
}
