import Observability
import SwitchboardCLISupport

extension DevSettings {
    /// Every port a server of the run binds, with the setting that chooses it; 0 (any free port) left out.
    var boundPorts: [(port: Int, setting: Setting<Int>)] {
        var ports = [
            (ingressPort, DevSetting.ingressPort), (ingressHealthPort, DevSetting.ingressHealthPort),
            (simulatorPort, DevSetting.simulatorPort),
        ]
        if workerHealthPort != 0 {
            ports += (0..<workers).map { (workerHealthPort + $0, DevSetting.workerHealthPort) }
        }
        return ports.filter { $0.0 != 0 }.map { (port: $0.0, setting: $0.1) }
    }

    /// Two servers told to bind the same port, in words; `nil` when every port differs.
    var portClash: String? {
        var seen: [Int: Setting<Int>] = [:]
        for (port, setting) in boundPorts {
            if let first = seen[port] {
                // Workers' health ports count up from one setting, so a clash is always between two settings.
                return "--\(first.flag ?? first.variable) and --\(setting.flag ?? setting.variable) are both \(port); "
                    + "each server needs its own port (0 picks a free one)"
            }
            seen[port] = setting
        }
        return nil
    }

    /// Why the run stopped when a server could not listen, with the flag that moves it.
    func explain(_ error: ServerListenError) -> DevError {
        guard let setting = boundPorts.first(where: { $0.port == error.port })?.setting else { return DevError(error.description) }
        let flag = "--\(setting.flag ?? setting.variable)"
        return DevError("\(error.description)\nChoose another port with \(flag) (or \(setting.variable)); 0 picks a free one.")
    }
}
