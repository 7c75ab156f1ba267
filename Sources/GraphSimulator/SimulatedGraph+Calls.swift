import CallModel
public import Foundation
public import SeedExamples

extension SimulatedGraph {
    /// Registers a new incoming call and returns its `created` + `incoming` notification, signed.
    ///
    /// The call is redirectable for `configuration.callWindow` from now. Offering an id that
    /// exists replaces that call.
    /// - Throws: when the notification token cannot be signed.
    public func offerIncomingCall(_ offer: IncomingCallOffer = IncomingCallOffer()) async throws -> OfferedCall {
        let tenantID = offer.tenantID ?? SimulatorDefaults.tenantID
        let caller = offer.caller ?? .user("8d1e6ab6-26c5-4e22-a1bc-06ea7343958e", tenantID: tenantID)
        let targets = offer.targets ?? [
            CallParty(kind: .application, id: configuration.botAppID, displayName: "test bot")
        ]
        let now = ContinuousClock.now
        let call = SimulatedCall(
            id: offer.callID ?? UUID().uuidString.lowercased(),
            tenantID: tenantID,
            callbackURI: offer.callbackURI ?? "https://bot.contoso.com/api/calls/\(configuration.botAppID)",
            source: CallNotifications.source(caller, region: offer.region ?? "amer"),
            targets: CallNotifications.targets(targets),
            myParticipantID: UUID().uuidString.lowercased(),
            scenarioID: UUID(),
            offeredAt: now,
            deadline: now + configuration.callWindow,
            state: .incoming
        )
        return try await register(call, notification: CallNotifications.incoming(call))
    }

    /// Registers the call of one of the page's examples, with its exact call id, and returns its
    /// incoming notification byte for byte.
    ///
    /// Examples 1 and 3 share a call id, so offering one replaces the other.
    /// - Throws: `SimulatorOfferError` when the example's notification lacks a call field, or
    ///   when the notification token cannot be signed.
    public func offer(seedScenario: SeedScenario) async throws -> OfferedCall {
        let notification: JSONValue
        do {
            notification = try JSONValue.parse(seedScenario.incomingNotification)
        } catch {
            throw SimulatorOfferError(reason: "seed example \(seedScenario.number) is not JSON: \(error)")
        }
        guard case .array(let items)? = notification["value"], let data = items.first?["resourceData"],
            let id = data["id"]?.stringValue, let tenantID = data["tenantId"]?.stringValue,
            let callbackURI = data["callbackUri"]?.stringValue, let source = data["source"], let targets = data["targets"]
        else {
            throw SimulatorOfferError(reason: "seed example \(seedScenario.number) lacks id, tenantId, callbackUri, source or targets")
        }
        let now = ContinuousClock.now
        let call = SimulatedCall(
            id: id, tenantID: tenantID, callbackURI: callbackURI, source: source, targets: targets,
            myParticipantID: data["myParticipantId"]?.stringValue ?? UUID().uuidString.lowercased(),
            scenarioID: UUID(), offeredAt: now, deadline: now + configuration.callWindow, state: .incoming)
        return try await register(call, notification: seedScenario.incomingNotification)
    }

    private func register(_ call: SimulatedCall, notification: [UInt8]) async throws -> OfferedCall {
        let scenarioID = call.scenarioID.uuidString.lowercased()
        let headers = try await notificationHeaders(tenant: call.tenantID, scenarioID: scenarioID)
        state.withLock { $0.offer(call) }
        logger.debug("Offered incoming call", metadata: ["call.id": "\(call.id)", "graph.tenant": "\(call.tenantID)"])
        return OfferedCall(
            callID: call.id, tenantID: call.tenantID, scenarioID: scenarioID, notification: notification,
            headers: headers, deadline: call.deadline)
    }

    /// Posts an offered call's notification to the bot, as Graph would; returns the status it answered.
    ///
    /// - Parameters:
    ///   - call: The offered call.
    ///   - url: The bot's calling webhook, default `configuration.notificationURL`.
    /// - Throws: `SimulatorNotRunningError` when not running, `SimulatorOfferError` without a URL,
    ///   or the HTTP client's error when the post fails.
    @discardableResult
    public func deliver(_ call: OfferedCall, to url: String? = nil) async throws -> Int {
        guard let url = url ?? configuration.notificationURL else {
            throw SimulatorOfferError(reason: "no notification URL: pass one or configure notificationURL")
        }
        do {
            let status = try await post(call.notification, to: url, headers: call.headers)
            state.withLock { state in
                if (200..<300).contains(status) {
                    state.stats.notificationsDelivered += 1
                } else {
                    state.stats.notificationsFailed += 1
                }
            }
            return status
        } catch {
            state.withLock { $0.stats.notificationsFailed += 1 }
            throw error
        }
    }

    /// A signed notification token for `tenant`, addressed to the bot, valid for 5 minutes.
    ///
    /// - Throws: when signing fails.
    public func notificationToken(tenant: String) async throws -> String {
        try await signer.token(tenant: tenant, audience: configuration.botAppID)
    }

    /// The recorded requests, oldest first; only those about `callID` when given.
    public func requests(callID: String? = nil) -> [RecordedRequest] {
        state.withLock { state in
            guard let callID else { return Array(state.requests) }
            return state.requests.filter { $0.callID == callID }
        }
    }

    /// When the first redirect request of each of `callIDs` arrived (wall clock), for calls that got one.
    public func firstRedirectArrivals(callIDs: some Sequence<String>) -> [String: Date] {
        state.withLock { state in
            var arrivals: [String: Date] = [:]
            for callID in callIDs {
                if let arrived = state.calls[callID]?.firstRedirectArrivedAt { arrivals[callID] = arrived }
            }
            return arrivals
        }
    }

    /// The counters so far.
    public func stats() -> SimulatorStats {
        state.withLock { $0.stats }
    }

    /// Replaces the random fault rates.
    public func setFaults(_ faults: SimulatedFaults) {
        state.withLock { $0.faults = faults }
    }

    /// Replaces the redirect latency.
    public func setLatency(_ latency: SimulatedLatency) {
        state.withLock { $0.latency = latency }
    }

    /// Queues faults for the next redirect requests, one each, in order, before any random fault.
    public func enqueueFaults(_ faults: [SimulatedFault]) {
        state.withLock { $0.script.append(contentsOf: faults) }
    }

    /// Invalidates every issued access token; the next Graph request with one gets 401.
    public func revokeTokens() {
        state.withLock { $0.revokeTokens() }
    }

    /// Clears the recorded requests and the counters (calls and tokens stay).
    public func resetRecords() {
        state.withLock { state in
            state.requests.removeAll()
            state.stats = SimulatorStats()
        }
    }
}

/// An offer or delivery the simulator cannot make.
public struct SimulatorOfferError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var reason: String
    public var description: String { "cannot offer the call: \(reason)" }
}
