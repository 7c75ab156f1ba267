import Foundation

/// Finds the built executables the end-to-end tests start: `switchboard` (the production commands) and
/// `switchboard-dev` (dev, simulate, kafka-mock, bench).
///
/// SwiftPM puts them in the same folder as the test bundle (`.build/<triple>/debug/`), built by
/// `swift build --build-tests` (which `scripts/test` runs). `SWITCHBOARD_E2E_BINARY` and
/// `SWITCHBOARD_E2E_DEV_BINARY` override them.
enum SwitchboardBinary {
    /// The subcommands only `switchboard-dev` has.
    static let developerCommands: Set<String> = ["dev", "simulate", "kafka-mock", "bench"]

    /// The path of the executable that runs `arguments` (its first element is the subcommand).
    ///
    /// - Throws: ``HarnessError`` naming where it looked and how to build it.
    static func path(for arguments: [String]) throws -> String {
        developerCommands.contains(arguments.first ?? "")
            ? try path(named: "switchboard-dev", override: "SWITCHBOARD_E2E_DEV_BINARY")
            : try path(named: "switchboard", override: "SWITCHBOARD_E2E_BINARY")
    }

    /// The path of the executable `name`, or of the file the environment variable `override` names.
    ///
    /// - Throws: ``HarnessError`` naming where it looked and how to build it.
    static func path(named name: String, override: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[override], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw HarnessError("\(override)=\(path) is not an executable file")
            }
            return path
        }
        var candidates: [URL] = []
        // The test runner is the bundle itself on Linux (`…/debug/switchboardPackageTests.xctest`), or a
        // tool inside the toolchain with the bundle among the loaded images on macOS.
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug"))
        for folder in candidates {
            let path = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw HarnessError(
            "the \(name) executable was not found in \(candidates.map(\.path)); build it first with "
                + "`swift build --build-tests` (or set \(override))")
    }
}

/// A failure of the end-to-end harness itself (a process that did not start, a wait that ran out),
/// with what it saw, so a failing run explains itself.
struct HarnessError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
