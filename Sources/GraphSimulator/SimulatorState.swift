import DequeModule
import Foundation

/// Everything the simulator remembers, as one value mutated under `SimulatedGraph`'s lock.
struct SimulatorState: Sendable {
    struct IssuedToken: Sendable {
        var tenant: String
        var expiresAt: ContinuousClock.Instant
    }

    /// What a redirect for a call may do, decided and committed atomically.
    enum RedirectAdmission: Sendable {
        case accepted(SimulatedCall)
        case unknownCall
        case tenantMismatch(callTenant: String)
        case windowClosed
        case alreadyRedirected
    }

    /// What the token presented on a Graph request is worth.
    enum TokenCheck: Sendable {
        case valid(tenant: String)
        case missing
        case invalid
        case expired
    }

    var calls: [String: SimulatedCall] = [:]
    var tokens: [String: IssuedToken] = [:]
    /// The `jti`s of accepted certificate assertions, until they expire: a second use is a replay.
    var usedAssertionIDs: [String: Date] = [:]
    /// Oldest first, at most `requestLogLimit`.
    var requests: Deque<RecordedRequest> = []
    var nextSequence = 1
    var redirectsInFlight = 0
    var stats = SimulatorStats()
    var latency: SimulatedLatency
    var faults: SimulatedFaults
    var script: [SimulatedFault] = []
    /// Redirects accepted so far, to take the termination mix in turn.
    var terminationsScheduled = 0
    let requestLogLimit: Int

    init(configuration: SimulatorConfiguration) {
        latency = configuration.latency
        faults = configuration.faults
        requestLogLimit = max(configuration.requestLogLimit, 1)
    }

    mutating func offer(_ call: SimulatedCall) {
        calls[call.id] = call
        stats.callsOffered += 1
        // Long benchmark runs offer millions of calls; forget those long past their window.
        if stats.callsOffered % 10_000 == 0 {
            let horizon = call.offeredAt - .seconds(600)
            calls = calls.filter { $0.value.deadline > horizon }
        }
    }

    mutating func issueToken(tenant: String, credential: String, lifetime: Duration, now: ContinuousClock.Instant) -> String {
        let token = "sim." + UUID().uuidString.lowercased() + "." + UUID().uuidString.lowercased()
        tokens[token] = IssuedToken(tenant: tenant, expiresAt: now + lifetime)
        stats.tokensIssued += 1
        stats.tokensIssuedByTenant[tenant, default: 0] += 1
        stats.tokensIssuedByCredential[credential, default: 0] += 1
        return token
    }

    /// Records a certificate assertion's `jti`; `false` when it was used before (a replay).
    mutating func useAssertionID(_ id: String, until expiry: Date, now: Date) -> Bool {
        if usedAssertionIDs.count >= 1024 {
            usedAssertionIDs = usedAssertionIDs.filter { $0.value > now }
        }
        if let previous = usedAssertionIDs[id], previous > now { return false }
        usedAssertionIDs[id] = expiry
        return true
    }

    /// Counts a refused token request by its `AADSTS` code.
    mutating func refuseToken(code: Int) {
        stats.tokenRequestsRefused["AADSTS\(code)", default: 0] += 1
    }

    func checkToken(authorization: String?, now: ContinuousClock.Instant) -> TokenCheck {
        guard let authorization, !authorization.isEmpty else { return .missing }
        guard authorization.lowercased().hasPrefix("bearer ") else { return .invalid }
        let token = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let issued = tokens[token] else { return .invalid }
        return now < issued.expiresAt ? .valid(tenant: issued.tenant) : .expired
    }

    mutating func revokeTokens() {
        tokens.removeAll()
    }

    /// Decides a valid redirect for `callID` and, when accepted, marks the call redirected.
    mutating func admitRedirect(
        callID: String, tokenTenant: String, callbackURI: String?, now: ContinuousClock.Instant
    ) -> RedirectAdmission {
        admitDecision(callID: callID, tokenTenant: tokenTenant, now: now) { call in
            .redirected(callbackURI: callbackURI ?? call.callbackURI)
        }
    }

    /// Decides a valid reject for `callID` and, when accepted, marks the call rejected. A call has one
    /// decision: a reject after a redirect or a reject is refused like a second redirect.
    mutating func admitReject(
        callID: String, tokenTenant: String, reason: String, callbackURI: String?, now: ContinuousClock.Instant
    ) -> RedirectAdmission {
        admitDecision(callID: callID, tokenTenant: tokenTenant, now: now) { call in
            .rejected(reason: reason, callbackURI: callbackURI ?? call.callbackURI)
        }
    }

    private mutating func admitDecision(
        callID: String, tokenTenant: String, now: ContinuousClock.Instant, decided: (SimulatedCall) -> SimulatedCall.State
    ) -> RedirectAdmission {
        guard var call = calls[callID] else { return .unknownCall }
        guard call.tenantID == tokenTenant else { return .tenantMismatch(callTenant: call.tenantID) }
        guard call.state == .incoming else {
            stats.duplicateRedirects += 1
            return .alreadyRedirected
        }
        guard now <= call.deadline else { return .windowClosed }
        call.state = decided(call)
        if case .rejected = call.state { stats.rejectsAccepted += 1 }
        calls[callID] = call
        return .accepted(call)
    }

    /// The termination for the next accepted redirect: the mix's next entry.
    mutating func nextTermination(_ mix: SimulatedTerminationMix) -> SimulatedTermination {
        defer { terminationsScheduled += 1 }
        return mix.termination(at: terminationsScheduled)
    }

    mutating func markTerminated(callID: String) {
        calls[callID]?.state = .terminated
    }

    /// Records an arriving request; returns its sequence number.
    mutating func record(
        method: String, path: String, headers: [RecordedRequest.Header], body: String,
        callID: String?, now: ContinuousClock.Instant, startedAt: ContinuousClock.Instant
    ) -> Int {
        let sequence = nextSequence
        nextSequence += 1
        var sinceOffer: Double?
        if let callID, let call = calls[callID] {
            sinceOffer = (now - call.offeredAt).seconds
            stats.redirectsReceived += 1
            if now > call.deadline { stats.lateArrivals += 1 }
            if call.firstRedirectArrivedAt == nil { calls[callID]?.firstRedirectArrivedAt = Date() }
        } else if callID != nil {
            stats.redirectsReceived += 1
        }
        if callID != nil {
            redirectsInFlight += 1
            stats.peakConcurrentRedirects = max(stats.peakConcurrentRedirects, redirectsInFlight)
        }
        requests.append(
            RecordedRequest(
                sequence: sequence, method: method, path: path, headers: headers, body: body,
                receivedAt: (now - startedAt).seconds, callID: callID, sinceOffer: sinceOffer, status: nil))
        while requests.count > requestLogLimit {
            requests.removeFirst()
        }
        return sequence
    }

    /// Stores the status a recorded request was answered with; for redirects also counts it.
    mutating func complete(sequence: Int, status: Int?, isRedirect: Bool) {
        if let index = requests.lastIndex(where: { $0.sequence == sequence }) {
            requests[index].status = status
        }
        guard isRedirect else { return }
        redirectsInFlight -= 1
        if let status, (200..<300).contains(status) {
            stats.redirectsAccepted += 1
        } else {
            stats.redirectsRejected += 1
            stats.rejectionsByStatus[status.map(String.init) ?? "reset", default: 0] += 1
        }
    }

    /// The fault for the next redirect: the script first, then the random rates.
    mutating func nextFault(unitRandom: Double) -> SimulatedFault? {
        let fault = script.isEmpty ? faults.draw(unitRandom: unitRandom) : script.removeFirst()
        if fault != nil { stats.faultsInjected += 1 }
        return fault
    }
}

extension Duration {
    /// The span in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
