import CRdKafka

extension KafkaProducer {
    /// Hands one record to librdkafka with `rd_kafka_produceva` (the variadic `producev` is unavailable
    /// in Swift). librdkafka copies key, value and headers (`RD_KAFKA_MSG_F_COPY`), so the Swift buffers
    /// only need to live for the call.
    static func produce(
        _ handle: OpaquePointer,
        id: UInt64,
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader]
    ) throws(KafkaError) {
        let headerList = makeHeaders(headers)
        let error: OpaquePointer? = topic.withCString { topicName in
            value.withUnsafeBytes { valueBytes in
                withOptionalBytes(key) { keyBytes in
                    var fields: [rd_kafka_vu_t] = []
                    fields.reserveCapacity(6)
                    var field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_TOPIC
                    field.u.cstr = topicName
                    fields.append(field)

                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_VALUE
                    field.u.mem.ptr = UnsafeMutableRawPointer(mutating: valueBytes.baseAddress)
                    field.u.mem.size = valueBytes.count
                    fields.append(field)

                    if let keyBytes {
                        field = rd_kafka_vu_t()
                        field.vtype = RD_KAFKA_VTYPE_KEY
                        field.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyBytes.baseAddress)
                        field.u.mem.size = keyBytes.count
                        fields.append(field)
                    }

                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    field.u.i = RD_KAFKA_MSG_F_COPY
                    fields.append(field)

                    field = rd_kafka_vu_t()
                    field.vtype = RD_KAFKA_VTYPE_OPAQUE
                    field.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id))
                    fields.append(field)

                    if let headerList {
                        field = rd_kafka_vu_t()
                        field.vtype = RD_KAFKA_VTYPE_HEADERS
                        field.u.headers = headerList
                        fields.append(field)
                    }
                    return rd_kafka_produceva(handle, fields, fields.count)
                }
            }
        }
        guard let error else { return }
        // On failure the headers were not handed over to a message.
        if let headerList { rd_kafka_headers_destroy(headerList) }
        if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__FATAL {
            rd_kafka_error_destroy(error)
            throw KafkaError.fatal(of: handle, operation: "send")
        }
        throw KafkaError.consuming(error, context: "cannot send to \(topic)")
    }

    /// A librdkafka header list (values copied), or `nil` when there are no headers.
    private static func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty else { return nil }
        let list = rd_kafka_headers_new(headers.count)
        for header in headers {
            // Name and value go in with their lengths, from the strings' own storage: passing a short
            // Swift string as a C string would copy it to the heap first.
            var name = header.key
            name.withUTF8 { name in
                withUnsafePointer(to: 0 as UInt8) { empty in
                    let namePointer = UnsafeRawPointer(name.baseAddress ?? empty).assumingMemoryBound(to: CChar.self)
                    header.withValueBytes { value in
                        guard let value else {
                            _ = rd_kafka_header_add(list, namePointer, name.count, nil, 0)
                            return
                        }
                        // A non-null pointer keeps an empty value distinct from a null one.
                        _ = rd_kafka_header_add(
                            list, namePointer, name.count, value.baseAddress ?? UnsafeRawPointer(empty), value.count)
                    }
                }
            }
        }
        return list
    }

    private static func withOptionalBytes<Result>(
        _ bytes: [UInt8]?,
        _ body: (UnsafeRawBufferPointer?) -> Result
    ) -> Result {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBytes { buffer in
            // An empty key still needs a non-null pointer to be a key rather than no key.
            if buffer.baseAddress == nil {
                return withUnsafeBytes(of: 0 as UInt8) { empty in body(UnsafeRawBufferPointer(start: empty.baseAddress, count: 0)) }
            }
            return body(buffer)
        }
    }
}
