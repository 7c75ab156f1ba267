import Observability
import Testing

@testable import SwitchboardCLISupport
@testable import SwitchboardDev

/// `switchboard-dev dev` runs five servers on loopback; a port given twice is refused before anything
/// starts, and a port another process holds stops the run naming the flag that moves it.
@Suite("switchboard-dev dev: its servers' ports")
struct DevPortTests {
    static func settings(_ variables: [String: String]) throws -> DevSettings {
        try DevCommand.parse([]).resolve(SettingsEnvironment(variables: variables))
    }

    @Test("the defaults differ, and two flags given one port are refused by name")
    func clashes() throws {
        #expect(try Self.settings([:]).portClash == nil)
        let message = "--ingress-port and --simulator-port are both 9000; each server needs its own port (0 picks a free one)"
        let refused = #expect(throws: (any Error).self) {
            try Self.settings(["SWITCHBOARD_DEV_INGRESS_PORT": "9000", "SWITCHBOARD_DEV_SIMULATOR_PORT": "9000"])
        }
        #expect(refused.map { "\($0)" } == message)
        var settings = try Self.settings([:])
        settings.simulatorPort = settings.ingressPort
        #expect(settings.portClash == "--ingress-port and --simulator-port are both 8080; each server needs its own port (0 picks a free one)")
        settings = try Self.settings([:])
        settings.ingressHealthPort = settings.workerHealthPort + 1
        #expect(settings.portClash == "--ingress-health-port and --worker-health-port are both 8082; each server needs its own port (0 picks a free one)")
    }

    @Test("ports given as 0 are picked apart")
    func picked() throws {
        let settings = try Self.settings([
            "SWITCHBOARD_DEV_INGRESS_PORT": "0", "SWITCHBOARD_DEV_INGRESS_HEALTH_PORT": "0", "SWITCHBOARD_DEV_SIMULATOR_PORT": "0",
            "SWITCHBOARD_DEV_WORKER_HEALTH_PORT": "0",
        ])
        #expect(settings.portClash == nil)
        #expect(Set([settings.ingressPort, settings.ingressHealthPort, settings.simulatorPort]).count == 3)
        #expect(!settings.boundPorts.contains { $0.port == 0 })
    }

    @Test("a server that cannot listen is explained with the flag and variable of its port")
    func explained() throws {
        let settings = try Self.settings([:])
        let worker = ServerListenError(
            server: "the worker's health server", host: "127.0.0.1", port: settings.workerHealthPort + 1, reason: "Address already in use (errno 98)")
        #expect(settings.explain(worker).description == """
            the worker's health server cannot listen on 127.0.0.1:8082: Address already in use (errno 98)
            Choose another port with --worker-health-port (or SWITCHBOARD_DEV_WORKER_HEALTH_PORT); 0 picks a free one.
            """)
        let elsewhere = ServerListenError(server: "a server", host: "127.0.0.1", port: 1, reason: "Permission denied (errno 13)")
        #expect(settings.explain(elsewhere).description == elsewhere.description)
    }
}
