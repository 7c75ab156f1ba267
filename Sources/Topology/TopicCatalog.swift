/// The complete, consistent set of Switchboard's topic declarations: exactly one topic per ``TopicRole``.
///
/// Creating a catalog checks the rules that span files: one declaration per role, unique names, the outcomes
/// topic co-partitioned with the notifications topic, and a DLQ large enough for any notification.
///
/// ```swift
/// let catalog = try TopicCatalog.load(directory: "topics")
/// print(catalog.notifications.name) // calls.notifications
/// ```
public struct TopicCatalog: Sendable, Hashable {
    /// The declarations, ordered by role (notifications, outcomes, dlq).
    public let declarations: [TopicDeclaration]

    /// Checks and collects declarations.
    ///
    /// - Throws: ``TopologyError`` with code ``TopologyError/Code/inconsistent`` naming the files involved.
    public init(_ declarations: [TopicDeclaration]) throws(TopologyError) {
        var byRole: [TopicRole: TopicDeclaration] = [:]
        var byName: [String: TopicDeclaration] = [:]
        for declaration in declarations {
            if let other = byRole[declaration.role] {
                throw TopologyError(
                    .inconsistent,
                    file: declaration.file,
                    field: "role",
                    message: "\(declaration.role.rawValue) is already declared by \(other.file ?? other.name); declare one topic per role"
                )
            }
            if let other = byName[declaration.name] {
                throw TopologyError(
                    .inconsistent,
                    file: declaration.file,
                    field: "name",
                    message: "\(declaration.name) is already declared by \(other.file ?? other.role.rawValue)"
                )
            }
            byRole[declaration.role] = declaration
            byName[declaration.name] = declaration
        }
        var ordered: [TopicDeclaration] = []
        for role in TopicRole.allCases {
            guard let declaration = byRole[role] else {
                throw TopologyError(
                    .inconsistent,
                    message: "no topic declared with role \(role.rawValue); add a declaration file with `role: \(role.rawValue)`"
                )
            }
            ordered.append(declaration)
        }
        self.declarations = ordered
        try Self.checkCoPartitioning(notifications: notifications, outcomes: outcomes)
        try Self.checkDeadLetterSize(notifications: notifications, deadLetters: deadLetters)
        for declaration in ordered where declaration.role != .outcomes && declaration.coPartitionedWith != nil {
            throw TopologyError(
                .inconsistent,
                file: declaration.file,
                field: "coPartitionedWith",
                message: "only the outcomes topic is co-partitioned; remove the field"
            )
        }
    }

    /// The topic the ingress writes Graph notifications to.
    public var notifications: TopicDeclaration { self[.notifications] }
    /// The topic the workers write outcome CloudEvents to.
    public var outcomes: TopicDeclaration { self[.outcomes] }
    /// The topic of records a worker could not process.
    public var deadLetters: TopicDeclaration { self[.deadLetters] }

    /// The declaration of a role; every role has one.
    public subscript(role: TopicRole) -> TopicDeclaration {
        guard let declaration = declarations.first(where: { $0.role == role }) else {
            preconditionFailure("TopicCatalog.init guarantees one declaration per role")
        }
        return declaration
    }

    /// The declaration of a topic name, if it is one of the catalog's.
    public func declaration(named name: String) -> TopicDeclaration? {
        declarations.first { $0.name == name }
    }

    private static func checkCoPartitioning(
        notifications: TopicDeclaration,
        outcomes: TopicDeclaration
    ) throws(TopologyError) {
        guard let partner = outcomes.coPartitionedWith else {
            throw TopologyError(
                .missingField,
                file: outcomes.file,
                field: "coPartitionedWith",
                message: "required for the outcomes topic: set it to \(notifications.name); workers rebuild a partition's outcomes from the same partition number"
            )
        }
        guard partner == notifications.name else {
            throw TopologyError(
                .inconsistent,
                file: outcomes.file,
                field: "coPartitionedWith",
                message: "must name the notifications topic \(notifications.name), found \(partner)"
            )
        }
        guard outcomes.partitions == notifications.partitions else {
            throw TopologyError(
                .inconsistent,
                file: outcomes.file,
                field: "partitions",
                message: "must equal the partitions of \(notifications.name) (\(notifications.partitions)), found \(outcomes.partitions)"
            )
        }
    }

    private static func checkDeadLetterSize(
        notifications: TopicDeclaration,
        deadLetters: TopicDeclaration
    ) throws(TopologyError) {
        guard let notificationLimit = notifications.maxMessageBytes else { return }
        guard let deadLetterLimit = deadLetters.maxMessageBytes, deadLetterLimit >= notificationLimit else {
            throw TopologyError(
                .inconsistent,
                file: deadLetters.file,
                field: "configs.max.message.bytes",
                message: "must be at least the max.message.bytes of \(notifications.name) (\(notificationLimit)): a dead letter carries the whole original record"
            )
        }
    }
}
