import Foundation

extension TopicCatalog {
    /// Loads every `*.yaml` / `*.yml` file of a directory (not its subdirectories) as one declaration each.
    ///
    /// A declaration's `schema`, when set, must name a file that exists relative to the directory.
    /// - Parameter directory: The declarations directory, usually `topics`.
    /// - Throws: ``TopologyError`` naming the file and field of the first problem found.
    public static func load(directory: String) throws(TopologyError) -> TopicCatalog {
        let fileManager = FileManager.default
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: directory)
        } catch {
            throw TopologyError(
                .unreadable,
                file: directory,
                message: "cannot list the topic declarations directory (set --topics-dir or SWITCHBOARD_TOPICS_DIR): \(error.localizedDescription)"
            )
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var declarations: [TopicDeclaration] = []
        for name in files {
            let path = (directory as NSString).appendingPathComponent(name)
            let contents: String
            do {
                contents = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw TopologyError(.unreadable, file: path, message: "cannot read: \(error.localizedDescription)")
            }
            let declaration = try TopicDeclaration(yaml: contents, file: path)
            if let schema = declaration.schema {
                let schemaPath = (directory as NSString).appendingPathComponent(schema)
                guard fileManager.fileExists(atPath: schemaPath) else {
                    throw TopologyError(.invalidValue, file: path, field: "schema", message: "no such file: \(schemaPath)")
                }
            }
            declarations.append(declaration)
        }
        return try TopicCatalog(declarations)
    }
}
