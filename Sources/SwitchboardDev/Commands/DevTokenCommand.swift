import ArgumentParser
import AsyncHTTPClient
import CallModel
import Foundation
import GraphSimulator
import SwitchboardCLISupport

/// `switchboard-dev dev token`: a notification token from a running `switchboard-dev dev` (or `switchboard-dev simulate`),
/// to post your own notifications to the ingress with curl.
struct DevTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a notification token signed by the running dev simulator (valid 5 minutes).",
        discussion: """
            The ingress of `switchboard-dev dev` checks tokens as it would Microsoft's, against the simulator's keys. \
            Use it as: curl -H "Authorization: Bearer $(switchboard-dev dev token)" …
            """
    )

    @Option(name: DevSetting.simulatorURL.name, help: DevSetting.simulatorURL.help)
    var simulatorURL: String?

    @Option(name: DevSetting.tenant.name, help: DevSetting.tenant.help)
    var tenant: String?

    func run() async throws {
        let environment = SettingsEnvironment.process
        let base = try environment.value(simulatorURL, DevSetting.simulatorURL)
        let tenant = try environment.value(self.tenant, DevSetting.tenant)
        guard let encodedTenant = tenant.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) else {
            throw ValidationError("--tenant \(tenant) cannot be put in a URL")
        }
        let url = base.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/simulator/token?tenant=" + encodedTenant
        let body: [UInt8]
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            body = Array(buffer: try await response.body.collect(upTo: 1 << 20))
            guard response.status.code == 200 else {
                throw DevError("the simulator at \(base) answered \(response.status.code): \(String(decoding: body, as: UTF8.self))")
            }
        } catch let error as DevError {
            throw error
        } catch {
            throw DevError("cannot reach the simulator at \(base) (is `switchboard-dev dev` running? set --simulator-url): \(error)")
        }
        guard let token = (try? JSONValue.parse(body))?["token"]?.stringValue else {
            throw DevError("the simulator at \(base) did not answer with a token: \(String(decoding: body, as: UTF8.self))")
        }
        print(token)
    }
}
