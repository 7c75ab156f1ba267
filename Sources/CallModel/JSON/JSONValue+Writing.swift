extension JSONValue {
    /// The value as JSON text (UTF-8), object members in their order.
    ///
    /// Whole numbers of magnitude below 10¹⁵ are written without a fraction (`30`, not `30.0`);
    /// other numbers in the shortest form that reads back to the same `Double`. JSON has no
    /// infinity or NaN: those are written as `null`, as JavaScript's `JSON.stringify` does.
    ///
    /// - Parameter prettyPrinted: Two-space indentation and one member or element a line.
    public func jsonBytes(prettyPrinted: Bool = false) -> [UInt8] {
        var writer = JSONWriter(prettyPrinted: prettyPrinted)
        write(to: &writer)
        return writer.bytes
    }

    func write(to writer: inout JSONWriter) {
        switch self {
        case .null:
            writer.null()
        case let .bool(value):
            writer.bool(value)
        case let .number(value):
            writer.number(value)
        case let .string(value):
            writer.string(value)
        case let .array(elements):
            writer.beginArray()
            for element in elements { element.write(to: &writer) }
            writer.endArray()
        case let .object(object):
            writer.beginObject()
            for member in object.members {
                writer.key(member.key)
                member.value.write(to: &writer)
            }
            writer.endObject()
        }
    }
}
