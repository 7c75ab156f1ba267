import Foundation

/// The whole machine's CPU time from `/proc/stat`, for how busy every core was between two samples.
///
/// A benchmark's own figures say nothing of whether the machine had CPU to spare: a worker that keeps up
/// only because nothing else ran, or that falls behind because the broker and the feeder took the cores.
struct MachineCPU: Sendable {
    /// Clock ticks all cores spent working: user, nice, system, interrupts, and time the hypervisor
    /// gave to other guests (steal), which this machine could not use either.
    var busyTicks: UInt64
    /// Clock ticks all cores spent idle or waiting for I/O.
    var idleTicks: UInt64
    /// Cores online.
    var cores: Int

    /// The counters now; `nil` where `/proc/stat` cannot be read (not Linux).
    static func sample() -> MachineCPU? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return parse(text, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The counters of `/proc/stat`'s first line (`cpu  user nice system idle iowait irq softirq steal …`).
    static func parse(_ text: String, cores: Int) -> MachineCPU? {
        guard let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 8 else { return nil }
        return MachineCPU(
            busyTicks: fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7],
            idleTicks: fields[3] + fields[4], cores: cores)
    }

    /// Cores busy on average since `earlier`, from 0 to `cores`; `nil` when no tick passed.
    func busyCores(since earlier: MachineCPU) -> Double? {
        let busy = Double(busyTicks &- earlier.busyTicks)
        let total = busy + Double(idleTicks &- earlier.idleTicks)
        guard total > 0 else { return nil }
        return busy / total * Double(cores)
    }
}
