import CRdKafka
import Dispatch
import Logging
import Synchronization

/// Owns one `rd_kafka_t`: creates it from properties, routes its callbacks, and destroys it once
/// no call is using it any more.
///
/// Calls from arbitrary threads take a lease (``withLease(_:)``); ``destroy(flags:)`` refuses new
/// leases, waits for the current ones, then destroys the handle. librdkafka handles are thread-safe,
/// which is why the raw pointer may be shared between threads.
final class RDKafkaHandle: @unchecked Sendable {
    /// Which callbacks the handle needs.
    struct Callbacks: OptionSet, Sendable {
        let rawValue: Int
        static let deliveryReports = Callbacks(rawValue: 1)
        static let rebalance = Callbacks(rawValue: 2)
    }

    /// The `rd_kafka_t`. Valid until ``destroy(flags:)``.
    let pointer: OpaquePointer
    /// librdkafka's name for the handle, e.g. `switchboard#producer-1`, used in log metadata.
    let name: String
    let context: RDKafkaCallbackContext
    private let leases = Mutex(LeaseState())

    private struct LeaseState {
        var users = 0
        var destroyed = false
        var drained: DispatchSemaphore?
    }

    /// Creates the handle.
    ///
    /// - Throws: ``KafkaError/Code/invalidArgument`` naming a property librdkafka rejects (its value is
    ///   not repeated, as it may be secret), or the error `rd_kafka_new` reports.
    init(
        type: rd_kafka_type_t,
        properties: [String: String],
        callbacks: Callbacks,
        logger: Logger
    ) throws(KafkaError) {
        let context = RDKafkaCallbackContext(logger: logger)
        let configuration = try Self.makeConfiguration(properties: properties, callbacks: callbacks)
        let opaque = Unmanaged.passRetained(context)
        rd_kafka_conf_set_opaque(configuration, opaque.toOpaque())

        var errorText = [CChar](repeating: 0, count: 512)
        guard let pointer = rd_kafka_new(type, configuration, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(configuration)
            opaque.release()
            throw KafkaError(.invalidArgument, message: "cannot create the Kafka client: \(String(nulTerminated: errorText))")
        }
        self.pointer = pointer
        self.name = String(cString: rd_kafka_name(pointer))
        self.context = context
    }

    /// Runs `body` with the handle, unless the handle is being destroyed.
    ///
    /// - Throws: ``KafkaError/Code/destroy`` after ``destroy(flags:)`` began, or what `body` throws.
    func withLease<Result>(_ body: (OpaquePointer) throws(KafkaError) -> Result) throws(KafkaError) -> Result {
        let acquired = leases.withLock { state in
            guard !state.destroyed else { return false }
            state.users += 1
            return true
        }
        guard acquired else {
            throw KafkaError(.destroy, message: "the Kafka client \(name) is shut down")
        }
        defer {
            let drained = leases.withLock { state -> DispatchSemaphore? in
                state.users -= 1
                return state.users == 0 ? state.drained : nil
            }
            drained?.signal()
        }
        return try body(pointer)
    }

    /// Whether ``destroy(flags:)`` has begun.
    var isDestroyed: Bool {
        leases.withLock { $0.destroyed }
    }

    /// Refuses new leases, waits for current ones, destroys the handle and releases the callback context.
    ///
    /// - Important: Blocks; call it on a dedicated thread, never twice, and only after every queue
    ///   and topic-partition list of this handle was destroyed (librdkafka would hang otherwise).
    func destroy(flags: Int32 = 0) {
        let drained = leases.withLock { state -> DispatchSemaphore? in
            precondition(!state.destroyed, "RDKafkaHandle.destroy called twice")
            state.destroyed = true
            guard state.users > 0 else { return nil }
            let semaphore = DispatchSemaphore(value: 0)
            state.drained = semaphore
            return semaphore
        }
        drained?.wait()
        rd_kafka_destroy_flags(pointer, flags)
        context.setReceiver(nil)
        Unmanaged.passUnretained(context).release()
    }

    private static func makeConfiguration(
        properties: [String: String],
        callbacks: Callbacks
    ) throws(KafkaError) -> OpaquePointer {
        // rd_kafka_conf_new only returns NULL when malloc fails, which librdkafka itself aborts on.
        guard let configuration = rd_kafka_conf_new() else { fatalError("rd_kafka_conf_new returned NULL") }
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            guard rd_kafka_conf_set(configuration, key, value, &errorText, errorText.count) == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(configuration)
                throw KafkaError(
                    .invalidArgument,
                    message: "librdkafka rejected the property \(key): \(String(nulTerminated: errorText))"
                )
            }
        }
        rd_kafka_conf_set_log_cb(configuration) { handle, level, facility, text in
            guard let handle, let context = RDKafkaCallbackContext.from(rd_kafka_opaque(handle)) else { return }
            context.log(
                level: level,
                facility: facility.map { String(cString: $0) } ?? "",
                text: text.map { String(cString: $0) } ?? "",
                client: String(cString: rd_kafka_name(handle))
            )
        }
        rd_kafka_conf_set_error_cb(configuration) { handle, error, reason, opaque in
            guard let handle, let context = RDKafkaCallbackContext.from(opaque) else { return }
            let text = reason.map { String(cString: $0) } ?? ""
            if let receiver = context.currentReceiver {
                receiver.clientError(handle, rd_kafka_resp_err_t(rawValue: error), text)
            } else {
                context.logger.warning(
                    "Kafka client error",
                    metadata: ["kafka.error.code": "\(KafkaError.Code(rawValue: error))", "kafka.error.reason": "\(text)"]
                )
            }
        }
        if callbacks.contains(.deliveryReports) {
            rd_kafka_conf_set_dr_msg_cb(configuration) { _, message, opaque in
                guard let message, let receiver = RDKafkaCallbackContext.from(opaque)?.currentReceiver else { return }
                receiver.deliveryReport(message)
            }
        }
        if callbacks.contains(.rebalance) {
            rd_kafka_conf_set_rebalance_cb(configuration) { handle, event, partitions, opaque in
                guard let handle, let partitions else { return }
                guard let receiver = RDKafkaCallbackContext.from(opaque)?.currentReceiver else {
                    // No consumer to hand the partitions to: accept the change so the group can move on.
                    RDKafkaHandle.acceptRebalance(handle, event, partitions)
                    return
                }
                receiver.rebalance(handle, event, partitions)
            }
        }
        return configuration
    }

    /// Applies a rebalance without a consumer to tell: assign what is assigned, release what is revoked.
    static func acceptRebalance(
        _ handle: OpaquePointer,
        _ event: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        let assigning = event == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS
        if String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE" {
            let error = assigning ? rd_kafka_incremental_assign(handle, partitions) : rd_kafka_incremental_unassign(handle, partitions)
            if let error { rd_kafka_error_destroy(error) }
        } else {
            _ = rd_kafka_assign(handle, assigning ? partitions : nil)
        }
    }
}
