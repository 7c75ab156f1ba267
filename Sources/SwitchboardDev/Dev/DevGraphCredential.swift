import Graph
import GraphSimulator
import Logging
import ServiceLifecycle

/// The workers' Graph credential in one `--graph-auth` mode of `switchboard-dev dev`, and the simulated
/// Entra's side of it: the simulator accepts exactly that credential for the dev application.
struct DevGraphCredential {
    private enum Prepared {
        case secret
        case certificate(SimulatedClientCertificate)
        case workloadIdentity
    }

    private let prepared: Prepared

    /// Prepares `mode`; certificate mode makes its throwaway certificate here, before the simulator
    /// that must know it.
    ///
    /// - Throws: when the certificate cannot be made.
    static func prepare(_ mode: DevGraphAuth) async throws -> DevGraphCredential {
        switch mode {
        case .secret: DevGraphCredential(prepared: .secret)
        case .certificate: DevGraphCredential(prepared: .certificate(try await SimulatedClientCertificate.make(commonName: "switchboard-dev")))
        case .workloadIdentity: DevGraphCredential(prepared: .workloadIdentity)
        }
    }

    /// Tells the simulator which application and credential to accept.
    func configure(_ configuration: inout SimulatorConfiguration) {
        configuration.clientID = DevSettings.Defaults.clientID
        switch prepared {
        case .secret: configuration.clientSecret = DevSettings.Defaults.clientSecret
        case .certificate(let certificate): configuration.clientCertificatesPEM = [certificate.certificatePEM]
        case .workloadIdentity: configuration.federatedSubject = SimulatedFederatedIssuer.defaultSubject
        }
    }

    /// The workers' credential, and the services that keep it usable (the token file the simulator's
    /// issuer refreshes in workload-identity mode).
    ///
    /// - Throws: when the certificate cannot be loaded or the token file written.
    func workerCredential(simulator: SimulatedGraph, logger: Logger) async throws -> (GraphCredential, [any Service]) {
        switch prepared {
        case .secret:
            return (.clientSecret(DevSettings.Defaults.clientSecret), [])
        case .certificate(let certificate):
            return (.certificate(try GraphClientCertificate(certificatePEM: certificate.combinedPEM)), [])
        case .workloadIdentity:
            let file = try await DevFederatedTokenFile.start(issuer: simulator.federatedIssuer, logger: logger)
            return (.federatedToken(GraphFederatedTokenFile(path: file.path)), [file])
        }
    }
}
