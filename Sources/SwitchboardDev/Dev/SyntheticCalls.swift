import Foundation
import GraphSimulator

/// The synthetic incoming calls of `switchboard-dev dev`: a fixed mix that exercises every rule of
/// `examples/rules.yaml`, so the summary shows several rules and outcome types.
///
/// Out of every ten calls: four are callers ringing the bot (rule `front-desk` in business hours,
/// `after-hours` otherwise), two come from the escalations caller (`escalations-simulring`), two ring
/// the PSTN resource account (`pstn-line`), and two ring another application no rule knows (the
/// file's default: ignored).
enum SyntheticCalls {
    /// What a synthetic call is, by the rule it is meant for.
    enum Kind: String, CaseIterable, Sendable {
        case callsTheBot, escalation, pstnLine, unrouted
    }

    /// The kind of the `index`-th call: the mix repeats every ten calls.
    static func kind(at index: Int) -> Kind {
        let pattern: [Kind] = [
            .callsTheBot, .escalation, .callsTheBot, .pstnLine, .unrouted,
            .callsTheBot, .escalation, .callsTheBot, .pstnLine, .unrouted,
        ]
        return pattern[index % pattern.count]
    }

    /// The `index`-th call to offer.
    static func offer(at index: Int) -> IncomingCallOffer {
        let tenant = SimulatorDefaults.tenantID
        switch kind(at: index) {
        case .callsTheBot:
            return IncomingCallOffer(caller: .user(UUID().uuidString.lowercased(), tenantID: tenant))
        case .escalation:
            return IncomingCallOffer(caller: .user(escalationsCaller, tenantID: tenant))
        case .pstnLine:
            return IncomingCallOffer(
                caller: .phone(String(format: "+1425555%04d", index % 10_000)),
                targets: [CallParty(kind: .applicationInstance, id: pstnResourceAccount, displayName: "PstnAppInstance", tenantID: tenant)],
                region: "amer")
        case .unrouted:
            return IncomingCallOffer(
                caller: .user(UUID().uuidString.lowercased(), tenantID: tenant),
                targets: [CallParty(kind: .application, id: UUID().uuidString.lowercased(), displayName: "another bot")],
                region: "emea")
        }
    }

    /// The caller `escalations-simulring` matches (the page's second example).
    static let escalationsCaller = "ec040873-8235-45fd-a403-c7259a5a548e"
    /// The resource account `pstn-line` matches (the page's third example).
    static let pstnResourceAccount = "7629bdce-046c-4903-86b4-a8f718277e1a"
}
