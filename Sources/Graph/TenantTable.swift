/// Per-tenant state bounded in count: past `capacity` tenants, the least recently used tenth is dropped.
///
/// Tokens and rate-limit buckets are kept per tenant; tenants come from notifications, so without a
/// bound a stream of odd tenants would grow memory without end. A dropped tenant starts afresh when it
/// comes back (a new token fetch, a full bucket).
struct TenantTable<Value: Sendable>: Sendable {
    private var entries: [String: (value: Value, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0
    /// The most tenants held.
    let capacity: Int

    /// Creates an empty table holding at most `capacity` tenants (at least 1).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many tenants are held.
    var count: Int { entries.count }

    /// The tenant's value, if held; does not count as a use.
    subscript(tenant: String) -> Value? {
        entries[tenant]?.value
    }

    /// Runs `body` on the tenant's value (made by `make` when not held), marks it used, and stores the result.
    mutating func update<Result>(_ tenant: String, make: () -> Value, _ body: (inout Value) throws -> Result) rethrows -> Result {
        clock &+= 1
        var value = entries.removeValue(forKey: tenant)?.value ?? make()
        defer {
            entries[tenant] = (value, clock)
            if entries.count > capacity { evict() }
        }
        return try body(&value)
    }

    /// Changes the tenant's value in place if it is held; not a use.
    mutating func modify(_ tenant: String, _ body: (inout Value) -> Void) {
        guard var entry = entries[tenant] else { return }
        body(&entry.value)
        entries[tenant] = entry
    }

    /// Drops the least recently used tenth (at least one), keeping the tenant just used.
    private mutating func evict() {
        let dropCount = max(1, capacity / 10)
        let oldest = entries.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(dropCount).map(\.key)
        for tenant in oldest { entries[tenant] = nil }
    }
}
