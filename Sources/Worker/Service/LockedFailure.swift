import Synchronization

/// The first error a worker stopped with.
final class LockedFailure: Sendable {
    private let box = Mutex<(any Error)?>(nil)

    var error: (any Error)? { box.withLock { $0 } }

    func set(_ error: any Error) {
        box.withLock { if $0 == nil { $0 = error } }
    }
}
