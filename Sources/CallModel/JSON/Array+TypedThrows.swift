extension [UInt8] {
    /// `withUnsafeBufferPointer` for a body that throws a typed error, which the standard
    /// library's version does not pass through.
    func withBytes<Value, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        let result = withUnsafeBufferPointer { buffer in
            Result { () throws(Failure) in try body(buffer) }
        }
        return try result.get()
    }
}
