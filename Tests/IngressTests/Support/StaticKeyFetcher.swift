import JWTKit
import Synchronization

@testable import Ingress

/// A key source that returns the keys it holds and counts fetches; can be told to fail.
final class StaticKeyFetcher: SigningKeyFetching {
    private let state: Mutex<(keys: [TestSigningKey], fails: Bool, fetches: Int)>

    init(keys: [TestSigningKey], fails: Bool = false) {
        state = Mutex((keys, fails, 0))
    }

    var fetchCount: Int { state.withLock { $0.fetches } }

    func publish(_ keys: [TestSigningKey]) {
        state.withLock { $0.keys = keys }
    }

    func setFailing(_ fails: Bool) {
        state.withLock { $0.fails = fails }
    }

    func fetchKeys() async throws -> SigningKeySet {
        let (keys, fails) = state.withLock { state in
            state.fetches += 1
            return (state.keys, state.fails)
        }
        if fails { throw SigningKeyFetchError(url: "test://keys", reason: "the test made the fetch fail") }
        var verifiers: [String: any JWTAlgorithm] = [:]
        for key in keys {
            if let (kid, verifier) = try await OpenIDKeyFetcher.verifier(for: key.published, url: "test://keys") {
                verifiers[kid] = verifier
            }
        }
        return SigningKeySet(verifiers: verifiers)
    }
}
