extension BenchRouteCommand {
    /// A realistic rule set: the seed's examples behind conditions every call is checked against
    /// (caller lists, phone prefixes, regions, a business-hours schedule), so Example 1 is decided
    /// by the last rule after seven misses.
    static let builtInRules = """
        timeZone: America/New_York
        holidays: [2025-07-04, 2025-11-27, 2025-12-24..2025-12-26, 2026-01-01]
        rules:
          - name: blocked-callers
            when:
              callerUserIds: [00000000-0000-4000-8000-000000000001, 00000000-0000-4000-8000-000000000002,
                              00000000-0000-4000-8000-000000000003, 00000000-0000-4000-8000-000000000004]
            action: {ignore: {reason: blocked}}
          - name: pstn-line
            when: {calledApplicationInstanceIds: [7629bdce-046c-4903-86b4-a8f718277e1a]}
            action: {redirect: {targets: [{phone: "+12345678901"}]}}
          - name: escalations-simulring
            when: {callerUserIds: [ec040873-8235-45fd-a403-c7259a5a548e]}
            action:
              redirect:
                targets:
                  - user: {id: 98da8a1a-1b87-452c-a713-65d3f10b1253, displayName: test user}
                  - user: {id: bf5aae9a-d11d-47a8-93b1-782504c9c3f3, displayName: test user 2}
                routingPolicies: [disableForwarding]
          - name: uk-callers
            when: {callerPhone: {prefix: ["+44", "+353"]}}
            action: {redirect: {targets: [{phone: "+442079460000"}], timeout: 30}}
          - name: emea-office
            when:
              regions: [emea]
              schedule: {timeZone: Europe/London, weekdays: mon-fri, hours: "08:00-18:00"}
            action: {redirect: {targets: [{phone: "+442079460001"}]}}
          - name: apac-office
            when:
              regions: [apac]
              schedule: {timeZone: Australia/Sydney, weekdays: mon-fri, hours: "08:00-18:00"}
            action: {redirect: {targets: [{phone: "+61290000000"}]}}
          - name: after-hours
            when:
              calledApplicationIds: [24701998-1a73-4d42-8085-bf46ed0ae039]
              schedule: {weekdays: mon-fri, hours: "08:00-18:00", outside: true}
            action: {redirect: {targets: [{phone: "+12345678902"}], timeout: 30, maskCallee: true}}
          - name: front-desk
            when: {calledApplicationIds: [24701998-1a73-4d42-8085-bf46ed0ae039]}
            action:
              redirect:
                targets: [{application: {id: 22bfd41f-550e-477d-8789-f6f7bd2a5e8b, displayName: test bot 2}}]
        default: {ignore: {reason: no rule for this call}}
        """
}
