/// Why `switchboard-dev dev` could not start or run, in words a person can act on.
struct DevError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
