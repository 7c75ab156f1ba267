import CallModel

/// Turns an accepted body into records on the notifications topic, within the time budget.
struct NotificationHandoff: Sendable {
    /// One stored envelope.
    struct Stored: Sendable, Hashable {
        var callID: String
        var position: NotificationPosition
    }

    let sink: any NotificationSink
    /// The longest a request waits for the broker before it answers 503.
    let produceTimeout: Duration

    /// The envelopes to store for `body`, checked by the call model's parser (the one the worker uses),
    /// so the ingress accepts exactly what the worker can read.
    ///
    /// - Throws: a 400 ``IngressRejection`` saying what is wrong with the body.
    func envelopes(of body: [UInt8]) throws(IngressRejection) -> [NotificationEnvelopeSplitter.Envelope] {
        let parsed: NotificationEnvelope
        do {
            parsed = try NotificationParser.parseEnvelope(body)
        } catch {
            throw IngressRejection.malformed(error.message)
        }
        return NotificationEnvelopeSplitter.split(body, parsed: parsed)
    }

    /// Stores every envelope and returns once the broker acknowledged all of them.
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
                for (index, envelope) in envelopes.enumerated() {
                    group.addTask {
                        let position = try await sink.send(
                            key: Array(envelope.callID.utf8), value: envelope.bytes, headers: headers, deadline: deadline)
                        return (index, Stored(callID: envelope.callID, position: position))
                    }
                }
                var stored = [Stored?](repeating: nil, count: envelopes.count)
                for try await (index, result) in group {
                    stored[index] = result
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
