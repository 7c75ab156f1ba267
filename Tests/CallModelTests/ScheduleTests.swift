import CallModel
import Foundation
import Testing

/// A schedule, an instant and whether the schedule matches then.
struct ScheduleCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The flow mapping of `schedule:`.
    var schedule: String
    var instant: String
    var matches: Bool
    /// Extra top-level YAML (file-wide `timeZone`/`holidays`).
    var preamble: String = ""

    var testDescription: String { "\(name) at \(instant)" }
}

let berlinOffice = "{timeZone: Europe/Berlin, weekdays: mon-fri, hours: \"08:00-18:00\"}"
let newYorkOffice = "{timeZone: America/New_York, weekdays: [mon-fri], hours: \"08:00-18:00\", holidays: [2025-12-25]}"
let fridayNight = "{timeZone: UTC, weekdays: [fri], hours: \"22:00-06:00\"}"

let scheduleCases: [ScheduleCase] = [
    // Time zones: one instant, open in New York, closed in Tokyo and Berlin.
    .init(name: "New York 10:00", schedule: newYorkOffice, instant: "2025-06-03T14:00:00Z", matches: true),
    .init(name: "Tokyo 23:00", schedule: "{timeZone: Asia/Tokyo, hours: \"08:00-18:00\"}", instant: "2025-06-03T14:00:00Z", matches: false),
    .init(name: "Berlin 16:00", schedule: berlinOffice, instant: "2025-06-03T14:00:00Z", matches: true),
    .init(name: "Berlin 20:00", schedule: berlinOffice, instant: "2025-06-03T18:00:00Z", matches: false),
    // Daylight saving: 06:30 UTC is 08:30 in Berlin in summer (open) and 07:30 in winter (closed).
    .init(name: "Berlin summer 08:30 CEST", schedule: berlinOffice, instant: "2025-06-03T06:30:00Z", matches: true),
    .init(name: "Berlin winter 07:30 CET", schedule: berlinOffice, instant: "2025-01-07T06:30:00Z", matches: false),
    .init(name: "New York 08:30 EST the day before spring forward", schedule: "{timeZone: America/New_York, hours: \"08:00-18:00\"}",
          instant: "2025-03-08T13:30:00Z", matches: true),
    .init(name: "New York 08:30 EDT on the spring-forward day", schedule: "{timeZone: America/New_York, hours: \"08:00-18:00\"}",
          instant: "2025-03-09T12:30:00Z", matches: true),
    .init(name: "New York 07:30 EST", schedule: "{timeZone: America/New_York, hours: \"08:00-18:00\"}",
          instant: "2025-03-08T12:30:00Z", matches: false),
    // The transition hours themselves (Berlin: 02:00→03:00 on 2025-03-30, 03:00→02:00 on 2025-10-26).
    .init(name: "Berlin 01:30 CET before the jump", schedule: "{timeZone: Europe/Berlin, hours: \"02:00-04:00\"}",
          instant: "2025-03-30T00:30:00Z", matches: false),
    .init(name: "Berlin 03:30 CEST after the jump", schedule: "{timeZone: Europe/Berlin, hours: \"02:00-04:00\"}",
          instant: "2025-03-30T01:30:00Z", matches: true),
    .init(name: "Berlin first 02:30 (CEST) when clocks fall back", schedule: "{timeZone: Europe/Berlin, hours: \"02:00-03:00\"}",
          instant: "2025-10-26T00:30:00Z", matches: true),
    .init(name: "Berlin second 02:30 (CET) when clocks fall back", schedule: "{timeZone: Europe/Berlin, hours: \"02:00-03:00\"}",
          instant: "2025-10-26T01:30:00Z", matches: true),
    .init(name: "Berlin 03:30 CET after falling back", schedule: "{timeZone: Europe/Berlin, hours: \"02:00-03:00\"}",
          instant: "2025-10-26T02:30:00Z", matches: false),
    // A window crossing midnight belongs to the day it opens (2025-06-06 is a Friday).
    .init(name: "Friday 23:00", schedule: fridayNight, instant: "2025-06-06T23:00:00Z", matches: true),
    .init(name: "Saturday 03:00, still Friday's window", schedule: fridayNight, instant: "2025-06-07T03:00:00Z", matches: true),
    .init(name: "Saturday 06:00, window closed", schedule: fridayNight, instant: "2025-06-07T06:00:00Z", matches: false),
    .init(name: "Friday 21:59", schedule: fridayNight, instant: "2025-06-06T21:59:00Z", matches: false),
    .init(name: "Thursday 23:00", schedule: fridayNight, instant: "2025-06-05T23:00:00Z", matches: false),
    .init(name: "Saturday 23:00", schedule: fridayNight, instant: "2025-06-07T23:00:00Z", matches: false),
    .init(name: "Friday 03:00, Thursday's window was never open", schedule: fridayNight, instant: "2025-06-06T03:00:00Z", matches: false),
    // Holidays close the windows that open on them.
    .init(name: "Christmas 10:00 New York", schedule: newYorkOffice, instant: "2025-12-25T15:00:00Z", matches: false),
    .init(name: "the day after Christmas", schedule: newYorkOffice, instant: "2025-12-26T15:00:00Z", matches: true),
    .init(name: "night before a holiday runs into it",
          schedule: "{timeZone: UTC, hours: \"22:00-06:00\", holidays: [2025-12-25]}", instant: "2025-12-25T03:00:00Z", matches: true),
    .init(name: "night opening on a holiday stays closed",
          schedule: "{timeZone: UTC, hours: \"22:00-06:00\", holidays: [2025-12-25]}", instant: "2025-12-25T23:00:00Z", matches: false),
    .init(name: "inside a holiday range", schedule: "{timeZone: UTC, holidays: [2025-12-24..2025-12-26]}",
          instant: "2025-12-26T12:00:00Z", matches: false),
    .init(name: "after a holiday range", schedule: "{timeZone: UTC, holidays: [2025-12-24..2025-12-26]}",
          instant: "2025-12-27T12:00:00Z", matches: true),
    .init(name: "holiday in the schedule's zone, not UTC (Dec 25 00:30 in Berlin)",
          schedule: "{timeZone: Europe/Berlin, holidays: [2025-12-25]}", instant: "2025-12-24T23:30:00Z", matches: false),
    .init(name: "file-wide time zone and holidays", schedule: "{hours: \"08:00-18:00\"}", instant: "2026-01-01T10:00:00Z",
          matches: false, preamble: "timeZone: Europe/London\nholidays: [2026-01-01]\n"),
    .init(name: "a schedule's empty holidays replace the file's", schedule: "{hours: \"08:00-18:00\", holidays: []}",
          instant: "2026-01-01T10:00:00Z", matches: true, preamble: "timeZone: Europe/London\nholidays: [2026-01-01]\n"),
    // `outside` matches after hours, weekends and holidays.
    .init(name: "outside, Saturday", schedule: "{timeZone: UTC, weekdays: mon-fri, hours: \"08:00-18:00\", outside: true}",
          instant: "2025-06-07T12:00:00Z", matches: true),
    .init(name: "outside, Tuesday noon", schedule: "{timeZone: UTC, weekdays: mon-fri, hours: \"08:00-18:00\", outside: true}",
          instant: "2025-06-03T12:00:00Z", matches: false),
    .init(name: "outside, holiday noon",
          schedule: "{timeZone: UTC, weekdays: mon-fri, hours: \"08:00-18:00\", holidays: [2025-06-03], outside: true}",
          instant: "2025-06-03T12:00:00Z", matches: true),
    .init(name: "a wrapping weekday range", schedule: "{timeZone: UTC, weekdays: fri-mon}", instant: "2025-06-08T12:00:00Z", matches: true),
    .init(name: "several windows, in the gap", schedule: "{timeZone: UTC, hours: [\"08:00-12:00\", \"13:00-17:00\"]}",
          instant: "2025-06-03T12:30:00Z", matches: false),
    .init(name: "several windows, in the second", schedule: "{timeZone: UTC, hours: [\"08:00-12:00\", \"13:00-17:00\"]}",
          instant: "2025-06-03T16:59:00Z", matches: true),
    .init(name: "end of day window", schedule: "{timeZone: UTC, hours: \"18:00-24:00\"}", instant: "2025-06-03T23:59:59Z", matches: true),
]

@Suite("Schedules across time zones, midnight, holidays and DST")
struct ScheduleTests {
    @Test("the rule matches exactly when its schedule says", arguments: scheduleCases)
    func schedule(_ testCase: ScheduleCase) throws {
        let yaml = testCase.preamble + """
            rules:
              - name: scheduled
                when:
                  schedule: \(testCase.schedule)
                action:
                  ignore: {reason: scheduled}
            """
        let rules = try RoutingRules.load(yaml: yaml, apiVersion: .v1)
        let decision = rules.decide(for: GraphCall(id: "c1"), at: try Fixtures.instant(testCase.instant))
        #expect((decision.rule?.name == "scheduled") == testCase.matches, "\(decision.explanation)")
    }

    @Test("the explanation names the local time, the zone and a holiday")
    func explanation() throws {
        let schedule = Schedule(
            timeZone: try #require(TimeZone(identifier: "America/New_York")),
            weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday],
            windows: [DailyWindow(startMinute: 8 * 60, endMinute: 18 * 60)],
            holidays: [DateRange(first: try #require(LocalDate(iso8601: "2025-12-25")), last: try #require(LocalDate(iso8601: "2025-12-25")))]
        )
        #expect(schedule.explain(at: try Fixtures.instant("2025-12-25T15:00:00Z"))
            == "thu 2025-12-25 10:00 America/New_York is outside mon-fri 08:00-18:00 (holiday 2025-12-25)")
        #expect(schedule.explain(at: try Fixtures.instant("2025-06-03T14:00:00Z"))
            == "tue 2025-06-03 10:00 America/New_York is inside mon-fri 08:00-18:00")
    }
}
