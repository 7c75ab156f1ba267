import Crypto
import Foundation

/// The `client-request-id` of each redirect attempt, derived from the call's idempotency key.
///
/// Deterministic so that a worker that redirects the same call again (after a crash or a
/// rebalance) sends the same ids, which lets Microsoft support and our logs correlate every try.
/// The id is a name-based UUID (RFC 9562 version 5, SHA-1) with the idempotency key as namespace
/// and `attempt-<n>` as name.
public enum GraphClientRequestID {
    /// The `client-request-id` of attempt `attempt` (1 for the first) of the redirect keyed `idempotencyKey`.
    public static func derive(idempotencyKey: UUID, attempt: Int) -> UUID {
        nameBased(namespace: idempotencyKey, name: "attempt-\(attempt)")
    }

    /// An RFC 9562 version-5 UUID.
    static func nameBased(namespace: UUID, name: String) -> UUID {
        var hasher = Insecure.SHA1()
        withUnsafeBytes(of: namespace.uuid) { hasher.update(bufferPointer: $0) }
        hasher.update(data: Array(name.utf8))
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }
}
