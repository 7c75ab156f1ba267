import CallModel

/// Turns an accepted body into records on the notifications topic, within the time budget.
struct NotificationHandoff: Sendable {
    /// One stored envelope.
    struct Stored: Sendable, Hashable {
        var callID: String
        var position: NotificationPosition
    }

    /// What a body turned out to be.
    enum Reading: Sendable, Hashable {
        /// A Graph `commsNotifications` body: these envelopes are to be stored.
        case notifications([NotificationEnvelopeSplitter.Envelope])
        /// A JSON object without a `value` array: the legacy (Skype-era) format Microsoft may send
        /// first. Answered 204 without storing anything; Microsoft then sends the notification again
        /// in the Graph format.
        case legacyFormat
    }

    let sink: any NotificationSink
    /// The longest a request waits for the broker before it answers 503.
    let produceTimeout: Duration
    /// How many items and calls one body may carry.
    let limits: NotificationEnvelopeSplitter.Limits
    /// The most records of one body produced at once.
    let produceConcurrency: Int

    /// The envelopes to store for `body`, checked by the call model's parser (the one the worker uses),
    /// so the ingress accepts exactly what the worker can read.
    ///
    /// - Throws: a 400 ``IngressRejection`` saying what is wrong with the body (also for a call id
    ///   outside ``CallIDPattern``); a 413 one when it carries too many notifications or calls.
    func read(_ body: [UInt8]) throws(IngressRejection) -> Reading {
        let parsed: NotificationEnvelope
        do {
            parsed = try NotificationParser.parseEnvelope(body)
        } catch let error where error.code == .missingValue {
            return .legacyFormat
        } catch {
            throw IngressRejection.malformed(error.message)
        }
        for (index, notification) in parsed.notifications.value.enumerated() where !CallIDPattern.matches(notification.callID) {
            throw IngressRejection.invalidCallID(index: index)
        }
        return .notifications(try NotificationEnvelopeSplitter.split(body, parsed: parsed, limits: limits))
    }

    /// Stores every envelope, at most ``produceConcurrency`` at a time, and returns once the broker
    /// acknowledged all of them.
    ///
    /// - Throws: a 503 ``IngressRejection`` when any record was not acknowledged within the budget.
    ///   Records of other envelopes may then be stored already; the sender retries the whole body
    ///   and the worker recognises the duplicates.
    func store(
        _ envelopes: [NotificationEnvelopeSplitter.Envelope],
        metadata: NotificationMetadata
    ) async throws(IngressRejection) -> [Stored] {
        let headers = metadata.recordHeaders
        let deadline = ContinuousClock.now + produceTimeout
        do {
            if envelopes.count == 1 {
                let envelope = envelopes[0]
                let position = try await sink.send(key: Array(envelope.callID.utf8), value: envelope.bytes, headers: headers, deadline: deadline)
                return [Stored(callID: envelope.callID, position: position)]
            }
            let sink = self.sink
            return try await withThrowingTaskGroup(of: (Int, Stored).self) { group in
                var stored = [Stored?](repeating: nil, count: envelopes.count)
                var next = 0
                func startNext() {
                    let index = next
                    let envelope = envelopes[index]
                    next += 1
                    group.addTask {
                        let position = try await sink.send(
                            key: Array(envelope.callID.utf8), value: envelope.bytes, headers: headers, deadline: deadline)
                        return (index, Stored(callID: envelope.callID, position: position))
                    }
                }
                while next < min(produceConcurrency, envelopes.count) { startNext() }
                while let (index, result) = try await group.next() {
                    stored[index] = result
                    if next < envelopes.count { startNext() }
                }
                return stored.compactMap { $0 }
            }
        } catch is StoreDeadlineExceeded {
            throw IngressRejection.unavailable(
                code: "store-timeout",
                "the notification was not stored within \(produceTimeout); retry"
            )
        } catch {
            throw IngressRejection.unavailable(
                code: "store-failed",
                "the notification could not be stored; retry",
                cause: String(describing: error)
            )
        }
    }
}
