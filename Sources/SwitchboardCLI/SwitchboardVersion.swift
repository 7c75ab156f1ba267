/// The version of this build of Switchboard.
enum SwitchboardVersion {
    static let current = "0.1.0"
}
