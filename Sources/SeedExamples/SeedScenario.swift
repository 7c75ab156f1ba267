import Foundation

/// One of the three worked examples of Graph's `call: redirect` page, as the wire bytes Graph documents.
///
/// The page's JSON has a trailing comma after `"region": "amer"` in some notifications, which real Graph
/// traffic never has; these copies have exactly that comma removed and nothing else changed.
public struct SeedScenario: Sendable, Hashable {
    /// The example's number on the page: 1, 2 or 3.
    public let number: Int
    /// The example's heading on the page.
    public let title: String
    /// The `created` + `incoming` notification Graph posts to the bot.
    public let incomingNotification: [UInt8]
    /// The body of the `POST …/communications/calls/{id}/redirect` request the bot sends.
    public let redirectRequest: [UInt8]
    /// The `deleted` + `terminated` notification Graph posts to the callback URI afterwards.
    public let terminatedNotification: [UInt8]

    /// The three examples, in the page's order.
    ///
    /// - Throws: `SeedScenarioError` when the bundled example files are missing, which means a broken build.
    public static func all() throws(SeedScenarioError) -> [SeedScenario] {
        let titles = [
            "Forward a call to a target",
            "Forward a call to multiple targets with simultaneous ring",
            "Forward a call to a PSTN number",
        ]
        var scenarios: [SeedScenario] = []
        for (index, title) in titles.enumerated() {
            let number = index + 1
            scenarios.append(
                SeedScenario(
                    number: number,
                    title: title,
                    incomingNotification: try load("example\(number)-incoming-notification"),
                    redirectRequest: try load("example\(number)-redirect-request"),
                    terminatedNotification: try load("example\(number)-terminated-notification")
                )
            )
        }
        return scenarios
    }

    private static func load(_ name: String) throws(SeedScenarioError) -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Examples") else {
            throw SeedScenarioError(file: name + ".json", reason: "not found in the SeedExamples resources")
        }
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw SeedScenarioError(file: name + ".json", reason: String(describing: error))
        }
    }
}

/// A bundled seed example could not be read.
public struct SeedScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The example file.
    public let file: String
    /// What went wrong.
    public let reason: String

    public var description: String { "seed example \(file): \(reason)" }
}
