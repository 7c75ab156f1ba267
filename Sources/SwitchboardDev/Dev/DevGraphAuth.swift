import ArgumentParser

/// How `switchboard-dev dev`'s workers authenticate to the simulated Entra: the three modes `switchboard worker` has.
enum DevGraphAuth: String, Sendable, CaseIterable, ExpressibleByArgument {
    /// A client secret the simulator was told.
    case secret
    /// A throwaway certificate made at start and registered with the simulator; assertions signed with its key.
    case certificate
    /// A federated token from the simulator's trusted issuer in a file, re-issued every few minutes as the kubelet would.
    case workloadIdentity = "workload-identity"
}
