import Synchronization

/// Tokens whose signature already verified, with their claims, so a token Graph sends again is not
/// decoded and RSA-verified again.
///
/// Keyed by the whole token (signature included), so only byte-identical tokens match. An entry is
/// used only while the key set it was verified against is current (``SigningKeyStore/generation``);
/// the claims (`exp`, `nbf`, `iss`, `aud`, `tid`) are still checked on every use. Bounded: when full,
/// it starts over.
final class VerifiedTokenCache: Sendable {
    private struct Entry {
        var claims: TokenClaims
        var keyGeneration: UInt64
    }

    /// The most tokens remembered. Default 1,024 (tokens are ~1 KiB).
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The claims of `token` if it verified against the key set of `keyGeneration`.
    func claims(for token: String, keyGeneration: UInt64) -> TokenClaims? {
        entries.withLock { entries in
            guard let entry = entries[token], entry.keyGeneration == keyGeneration else { return nil }
            return entry.claims
        }
    }

    /// Remembers that `token` verified against the key set of `keyGeneration`.
    func insert(_ token: String, claims: TokenClaims, keyGeneration: UInt64) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(claims: claims, keyGeneration: keyGeneration)
        }
    }
}
