import CallModel
import Foundation
import Hummingbird
import SeedExamples

/// The body of `POST /simulator/calls`: an `IncomingCallOffer`, or a seed example, and where to post it.
struct ControlOfferRequest: Decodable {
    var callID: String?
    var tenantID: String?
    var caller: CallParty?
    var targets: [CallParty]?
    var callbackURI: String?
    var region: String?
    /// 1, 2 or 3: offer that example of the page instead.
    var seedScenario: Int?
    /// Post the notification to the configured notification URL.
    var deliver: Bool?
    /// Post the notification to this URL.
    var deliverTo: String?

    enum CodingKeys: String, CodingKey {
        case callID = "callId"
        case tenantID = "tenantId"
        case caller, targets
        case callbackURI = "callbackUri"
        case region, seedScenario, deliver, deliverTo
    }
}

/// The body of `PUT /simulator/faults`, in the flags' text forms; absent fields stay as they are.
struct ControlFaultsRequest: Codable {
    var faults: String?
    var latency: String?
    var script: [String]?
}

extension SimulatedGraph {
    func addControlRoutes(to router: Router<SimulatorRequestContext>) {
        let control = router.group("simulator")
        control.post("calls") { request, _ in try await self.controlOffer(request) }
        control.get("requests") { request, _ in
            try SimulatorHTTP.encodingJSON(self.requests(callID: request.uri.queryParameters.get("callId")))
        }
        control.delete("requests") { _, _ in
            self.resetRecords()
            return Response(status: .noContent)
        }
        control.get("stats") { _, _ in try SimulatorHTTP.encodingJSON(self.stats()) }
        control.get("faults") { _, _ in try SimulatorHTTP.encodingJSON(self.currentFaults()) }
        control.put("faults") { request, _ in try await self.controlFaults(request) }
        control.delete("tokens") { _, _ in
            self.revokeTokens()
            return Response(status: .noContent)
        }
        control.get("federated-token") { request, _ in
            // A workload identity token from the trusted issuer, as the kubelet would project it.
            let subject = request.uri.queryParameters.get("subject") ?? SimulatedFederatedIssuer.defaultSubject
            let lifetime = request.uri.queryParameters.get("lifetime").flatMap(TimeInterval.init) ?? 3600
            let token = try await self.federatedIssuer.token(subject: subject, lifetime: lifetime)
            return SimulatorHTTP.json(
                JSONValue.object([
                    "issuer": .string(self.federatedIssuer.issuer), "subject": .string(subject), "token": .string(token),
                ]).jsonBytes())
        }
        control.get("token") { request, _ in
            let tenant = request.uri.queryParameters.get("tenant") ?? SimulatorDefaults.tenantID
            let token = try await self.notificationToken(tenant: tenant)
            return SimulatorHTTP.json(
                JSONValue.object([
                    "tenant": .string(tenant), "token": .string(token), "authorization": .string("Bearer \(token)"),
                ]).jsonBytes())
        }
        control.get("certificate") { _, _ in
            guard let pem = self.certificateAuthorityPEM else {
                return Self.problem(.notFound, "The simulator runs without TLS, so it has no certificate authority.")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/x-pem-file"],
                body: .init(byteBuffer: ByteBuffer(string: pem)))
        }
    }

    private func currentFaults() -> ControlFaultsRequest {
        state.withLock { state in
            ControlFaultsRequest(
                faults: state.faults.description, latency: state.latency.description,
                script: state.script.map(\.description))
        }
    }

    private func controlFaults(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maximumBodySize)
        guard let update = try? JSONDecoder().decode(ControlFaultsRequest.self, from: Data(body.readableBytesView)) else {
            return Self.problem(.badRequest, #"Expected {"faults": "429=0.1,…", "latency": "200ms", "script": ["503", …]}."#)
        }
        let faults = update.faults.map { SimulatedFaults(parsing: $0) }
        let latency = update.latency.map { SimulatedLatency(parsing: $0) }
        let script = update.script?.map { SimulatedFault(parsing: $0) }
        if case .some(nil) = faults { return Self.problem(.badRequest, "faults: expected kind=rate pairs such as 429=0.1,reset=0.01.") }
        if case .some(nil) = latency { return Self.problem(.badRequest, "latency: expected 0, 200ms or lognormal:200ms:0.5.") }
        if let script, script.contains(where: { $0 == nil }) {
            return Self.problem(.badRequest, "script: expected entries such as 429, 429:2, 503, 500, 502, 504, 401, slow:3s, reset.")
        }
        state.withLock { state in
            if case .some(.some(let faults)) = faults { state.faults = faults }
            if case .some(.some(let latency)) = latency { state.latency = latency }
            if let script { state.script = script.compactMap { $0 } }
        }
        return try SimulatorHTTP.encodingJSON(currentFaults())
    }

    private func controlOffer(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maximumBodySize)
        let input: ControlOfferRequest
        do {
            input = body.readableBytes == 0
                ? ControlOfferRequest() : try JSONDecoder().decode(ControlOfferRequest.self, from: Data(body.readableBytesView))
        } catch {
            return Self.problem(.badRequest, "The offer is not valid JSON for the control API: \(error)")
        }
        let offered: OfferedCall
        if let number = input.seedScenario {
            guard let scenario = try SeedScenario.all().first(where: { $0.number == number }) else {
                return Self.problem(.badRequest, "seedScenario must be 1, 2 or 3.")
            }
            offered = try await offer(seedScenario: scenario)
        } else {
            offered = try await offerIncomingCall(
                IncomingCallOffer(
                    callID: input.callID, tenantID: input.tenantID, caller: input.caller, targets: input.targets,
                    callbackURI: input.callbackURI, region: input.region))
        }
        var delivery: JSONValue?
        if input.deliver == true || input.deliverTo != nil {
            do {
                let status = try await deliver(offered, to: input.deliverTo)
                delivery = .object(["status": .number(Double(status))])
            } catch {
                delivery = .object(["error": .string("\(error)")])
            }
        }
        let notification = (try? JSONValue.parse(offered.notification)) ?? .string(String(decoding: offered.notification, as: UTF8.self))
        var members: JSONObject = [
            "callId": .string(offered.callID),
            "tenantId": .string(offered.tenantID),
            "scenarioId": .string(offered.scenarioID),
            "windowSeconds": .number(configuration.callWindow.seconds),
            "headers": .object(JSONObject(offered.headers.map { JSONMember(key: $0.name, value: .string($0.value)) })),
            "notification": notification,
        ]
        if let delivery { members.append("delivery", delivery) }
        return SimulatorHTTP.json(JSONValue.object(members).jsonBytes(), status: .created)
    }

    /// An `application/problem+json` answer for a bad control request.
    static func problem(_ status: HTTPResponse.Status, _ detail: String) -> Response {
        let body = JSONValue.object([
            "type": .string("about:blank"), "title": .string(status.reasonPhrase),
            "status": .number(Double(status.code)), "detail": .string(detail),
        ]).jsonBytes()
        return Response(
            status: status, headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
