import Crypto
public import Foundation

/// Deterministic ids derived from a call id, so replays and retries carry the same ids.
///
/// The call's key is a UUIDv5 (RFC 9562) of the call id in ``namespace``; it is the CloudEvent id of
/// the call's final decision outcome. Ids for other events and for each Graph attempt are UUIDv5s
/// of a suffix in the call's key as namespace.
public enum IdempotencyKey {
    /// The namespace of call keys: UUIDv5 of `urn:switchboard:call` in the RFC 9562 URL namespace.
    /// Changing it changes every event id, which breaks deduplication across a deployment.
    public static let namespace = UUID(uuid: (
        0x80, 0xE3, 0xBF, 0x26, 0xBF, 0x99, 0x5C, 0x00, 0x82, 0x4F, 0x1C, 0x29, 0x6A, 0x90, 0xEB, 0xDF
    ))

    /// The call's idempotency key: the event id of its final outcome (redirected, failed, expired, ignored).
    ///
    /// Call ids are matched as Graph sends them (Graph uses lowercase GUIDs); no case folding.
    public static func forCall(_ callID: String) -> UUID {
        uuidV5(namespace: namespace, name: callID)
    }

    /// The `client-request-id` of redirect attempt `attempt` (1-based) in one round of attempts (one
    /// `redirect` by one worker) for the call whose key is `key`.
    ///
    /// Unique per HTTP request, as Graph expects of `client-request-id`: a worker that redirects the same
    /// call again after a crash or a rebalance starts a new round, so its ids differ from the first
    /// owner's; each id still derives from the call's key and names its attempt.
    public static func clientRequestID(key: UUID, round: UUID, attempt: Int) -> UUID {
        uuidV5(namespace: key, name: "attempt:\(attempt):\(round.lowercasedString)")
    }

    /// The event id of the call's `completed` outcome.
    public static func completedEventID(callID: String) -> UUID {
        uuidV5(namespace: forCall(callID), name: "completed")
    }

    /// The event id of a `duplicate` outcome for the notification at `partition`/`offset`.
    public static func duplicateEventID(callID: String, partition: Int?, offset: Int64?) -> UUID {
        uuidV5(namespace: forCall(callID), name: "duplicate:" + position(partition, offset))
    }

    /// The event id of the `attempting` record written before redirecting for the notification at
    /// `partition`/`offset`: the same for a replay of that record, different for another notification.
    public static func attemptingEventID(callID: String, partition: Int?, offset: Int64?) -> UUID {
        uuidV5(namespace: forCall(callID), name: "attempting:" + position(partition, offset))
    }

    /// `partition:offset`, or whichever of the two is known, or nothing.
    private static func position(_ partition: Int?, _ offset: Int64?) -> String {
        switch (partition, offset) {
        case let (partition?, offset?): "\(partition):\(offset)"
        case let (partition?, nil): String(partition)
        case let (nil, offset?): String(offset)
        case (nil, nil): ""
        }
    }

    /// A name-based UUID, version 5 (SHA-1), as RFC 9562 section 5.5 defines it.
    public static func uuidV5(namespace: UUID, name: String) -> UUID {
        var hash = Insecure.SHA1()
        withUnsafeBytes(of: namespace.uuid) { hash.update(bufferPointer: $0) }
        var name = name
        // Hashed in place: no array of the name or of the digest (this runs several times per call).
        name.withUTF8 { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        var uuid = namespace.uuid
        hash.finalize().withUnsafeBytes { digest in
            withUnsafeMutableBytes(of: &uuid) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: digest.prefix(16))) }
        }
        uuid.6 = (uuid.6 & 0x0F) | 0x50
        uuid.8 = (uuid.8 & 0x3F) | 0x80
        return UUID(uuid: uuid)
    }
}

extension IdempotencyKey {
    /// A random UUID, version 4 (RFC 9562 section 5.4), from the system generator.
    ///
    /// Foundation's `UUID()` on Linux opens, reads and closes `/dev/urandom` for each one; these come from
    /// ``SystemRandomBytes``, one system call per 256. A round of attempts takes one per redirect.
    public static func randomV4() -> UUID {
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { SystemRandomBytes.shared.fill($0) }
        uuid.6 = (uuid.6 & 0x0F) | 0x40
        uuid.8 = (uuid.8 & 0x3F) | 0x80
        return UUID(uuid: uuid)
    }
}
