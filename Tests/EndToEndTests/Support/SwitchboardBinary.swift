import Foundation

/// Finds the built `switchboard` executable the end-to-end tests start.
///
/// SwiftPM puts it in the same folder as the test bundle (`.build/<triple>/debug/`), built by
/// `swift build --build-tests` (which `scripts/test` runs). `SWITCHBOARD_E2E_BINARY` overrides it.
enum SwitchboardBinary {
    /// The executable's path.
    ///
    /// - Throws: ``HarnessError`` naming where it looked and how to build it.
    static func path() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SWITCHBOARD_E2E_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw HarnessError("SWITCHBOARD_E2E_BINARY=\(path) is not an executable file")
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
            let path = folder.appendingPathComponent("switchboard").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw HarnessError(
            "the switchboard executable was not found in \(candidates.map(\.path)); build it first with "
                + "`swift build --build-tests` (or set SWITCHBOARD_E2E_BINARY)")
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
