import Yams

extension TopicDeclaration {
    /// The fields a declaration file may contain.
    static let knownFields: Set<String> = [
        "name", "role", "partitions", "replicationFactor", "configs", "coPartitionedWith", "schema",
    ]

    /// Parses and checks one declaration file (see `topics/README.md` for the format).
    ///
    /// Checks that need the other declarations (one topic per role, co-partitioning) happen in ``TopicCatalog``.
    /// - Parameters:
    ///   - yaml: The file's contents.
    ///   - file: The file's path, used in error messages.
    /// - Throws: ``TopologyError`` naming the file and the field.
    public init(yaml: String, file: String) throws(TopologyError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw TopologyError(.invalidYAML, file: file, message: "not valid YAML: \(error)")
        }
        guard let mapping = root?.mapping else {
            throw TopologyError(
                .invalidYAML,
                file: file,
                message: "expected a mapping with the fields name, role, partitions, replicationFactor, configs"
            )
        }
        let fields = try DeclarationFields(mapping, file: file)
        if let key = fields.keys.subtracting(Self.knownFields).sorted().first {
            throw TopologyError(
                .unknownField,
                file: file,
                field: key,
                message: "unknown field; the fields are \(Self.knownFields.sorted().joined(separator: ", "))"
            )
        }

        let name = try fields.requiredString("name")
        try Self.checkTopicName(name, file: file, field: "name")
        let roleName = try fields.requiredString("role")
        guard let role = TopicRole(rawValue: roleName) else {
            throw TopologyError(
                .invalidValue,
                file: file,
                field: "role",
                message: "must be one of \(TopicRole.allCases.map(\.rawValue).joined(separator: ", ")), found \(roleName)"
            )
        }
        let partitions = try fields.requiredInteger("partitions", in: 1...1_000_000)
        let replicationFactor = try fields.requiredInteger("replicationFactor", in: 1...32767)
        let coPartitionedWith = try fields.optionalString("coPartitionedWith")
        if let coPartitionedWith {
            try Self.checkTopicName(coPartitionedWith, file: file, field: "coPartitionedWith")
        }
        self.init(
            name: name,
            role: role,
            partitions: partitions,
            replicationFactor: replicationFactor,
            configs: try fields.configs(),
            coPartitionedWith: coPartitionedWith,
            schema: try fields.optionalString("schema"),
            file: file
        )
        try checkConfigValues()
    }

    /// Kafka's rule for topic names: 1–249 characters from `[A-Za-z0-9._-]`, neither `.` nor `..`.
    static func checkTopicName(_ name: String, file: String?, field: String) throws(TopologyError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
        }
        guard !name.isEmpty, name.count <= 249, allowed, name != ".", name != ".." else {
            throw TopologyError(
                .invalidValue,
                file: file,
                field: field,
                message: "not a valid Kafka topic name (1–249 characters of A–Z, a–z, 0–9, '.', '_', '-'): \(name)"
            )
        }
    }
}

/// The top-level fields of one declaration file, with typed accessors that report the file and field.
private struct DeclarationFields {
    let file: String
    let values: [String: Node]

    var keys: Set<String> { Set(values.keys) }

    init(_ mapping: Node.Mapping, file: String) throws(TopologyError) {
        self.file = file
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw TopologyError(.invalidYAML, file: file, message: "field names must be plain strings")
            }
            values[name] = value
        }
        self.values = values
    }

    func requiredString(_ field: String) throws(TopologyError) -> String {
        guard let value = try optionalString(field) else {
            throw TopologyError(.missingField, file: file, field: field, message: "required")
        }
        return value
    }

    func optionalString(_ field: String) throws(TopologyError) -> String? {
        guard let node = values[field] else { return nil }
        guard let scalar = node.scalar, node.tag.rawValue == Tag.Name.str.rawValue, !scalar.string.isEmpty else {
            throw TopologyError(.invalidValue, file: file, field: field, message: "must be a non-empty string\(at(node))")
        }
        return scalar.string
    }

    func requiredInteger(_ field: String, in range: ClosedRange<Int>) throws(TopologyError) -> Int {
        guard let node = values[field] else {
            throw TopologyError(.missingField, file: file, field: field, message: "required")
        }
        guard node.tag.rawValue == Tag.Name.int.rawValue, let value = node.int, range.contains(value) else {
            throw TopologyError(
                .invalidValue,
                file: file,
                field: field,
                message: "must be an integer from \(range.lowerBound) to \(range.upperBound)\(at(node))"
            )
        }
        return value
    }

    /// The `configs` mapping with every value as the string Kafka receives.
    func configs() throws(TopologyError) -> [String: String] {
        guard let node = values["configs"] else { return [:] }
        guard let mapping = node.mapping else {
            throw TopologyError(.invalidValue, file: file, field: "configs", message: "must be a mapping of config names to values\(at(node))")
        }
        var configs: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string, !name.isEmpty else {
                throw TopologyError(.invalidValue, file: file, field: "configs", message: "config names must be plain strings\(at(key))")
            }
            guard let scalar = value.scalar, value.tag.rawValue != Tag.Name.null.rawValue else {
                throw TopologyError(
                    .invalidValue,
                    file: file,
                    field: "configs.\(name)",
                    message: "must be a single value (number, boolean or string)\(at(value))"
                )
            }
            configs[name] = scalar.string
        }
        return configs
    }

    private func at(_ node: Node) -> String {
        node.mark.map { " (line \($0.line))" } ?? ""
    }
}
