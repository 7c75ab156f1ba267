import CallModel
import Testing

/// What each seed notification must parse to, read off Graph's `call: redirect` page.
struct SeedNotificationExpectation: Sendable, CustomTestStringConvertible {
    var example: Int
    var terminated: Bool
    var callID: String
    var resourceUrl: String
    var changeType: ChangeType
    var state: CallState
    var callerUserID: String
    var myParticipantID: String
    var targetKind: IdentityKind
    var targetID: String
    var targetDisplayName: String
    var answeredByEncryptedID: String?

    var testDescription: String { "example \(example) \(terminated ? "terminated" : "incoming")" }
}

let seedExpectations: [SeedNotificationExpectation] = [
    .init(example: 1, terminated: false, callID: "491f0b00-ffff-4bc9-a43e-b226498ec22a",
          resourceUrl: "/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a", changeType: .created,
          state: .incoming, callerUserID: "8d1e6ab6-26c5-4e22-a1bc-06ea7343958e",
          myParticipantID: "c339cede-4bd6-4f20-ab9f-3a13e65f6d00", targetKind: .application,
          targetID: "24701998-1a73-4d42-8085-bf46ed0ae039", targetDisplayName: "test bot"),
    .init(example: 1, terminated: true, callID: "491f0b00-ffff-4bc9-a43e-b226498ec22a",
          resourceUrl: "/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a", changeType: .deleted,
          state: .terminated, callerUserID: "8d1e6ab6-26c5-4e22-a1bc-06ea7343958e",
          myParticipantID: "c339cede-4bd6-4f20-ab9f-3a13e65f6d00", targetKind: .application,
          targetID: "24701998-1a73-4d42-8085-bf46ed0ae039", targetDisplayName: "test bot"),
    .init(example: 2, terminated: false, callID: "481f0b00-ffff-4ca1-8c67-a5f1e31e8e82",
          resourceUrl: "/communications/calls/481f0b00-ffff-4ca1-8c67-a5f1e31e8e82", changeType: .created,
          state: .incoming, callerUserID: "ec040873-8235-45fd-a403-c7259a5a548e",
          myParticipantID: "f540f1b6-994b-4866-be95-8aad34c4f4dc", targetKind: .application,
          targetID: "24701998-1a73-4d42-8085-bf46ed0ae039", targetDisplayName: "test bot"),
    // Graph's page: resourceUrl names 491f… while resourceData.id is 481f…; the id wins.
    .init(example: 2, terminated: true, callID: "481f0b00-ffff-4ca1-8c67-a5f1e31e8e82",
          resourceUrl: "/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a", changeType: .deleted,
          state: .terminated, callerUserID: "ec040873-8235-45fd-a403-c7259a5a548e",
          myParticipantID: "f540f1b6-994b-4866-be95-8aad34c4f4dc", targetKind: .application,
          targetID: "24701998-1a73-4d42-8085-bf46ed0ae039", targetDisplayName: "test bot"),
    .init(example: 3, terminated: false, callID: "491f0b00-ffff-4bc9-a43e-b226498ec22a",
          resourceUrl: "/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a", changeType: .created,
          state: .incoming, callerUserID: "8d1e6ab6-26c5-4e22-a1bc-06ea7343958e",
          myParticipantID: "c339cede-4bd6-4f20-ab9f-3a13e65f6d00", targetKind: .applicationInstance,
          targetID: "7629bdce-046c-4903-86b4-a8f718277e1a", targetDisplayName: "PstnAppInstance"),
    .init(example: 3, terminated: true, callID: "491f0b00-ffff-4bc9-a43e-b226498ec22a",
          resourceUrl: "/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a", changeType: .deleted,
          state: .terminated, callerUserID: "8d1e6ab6-26c5-4e22-a1bc-06ea7343958e",
          myParticipantID: "c339cede-4bd6-4f20-ab9f-3a13e65f6d00", targetKind: .applicationInstance,
          targetID: "7629bdce-046c-4903-86b4-a8f718277e1a", targetDisplayName: "PstnAppInstance",
          answeredByEncryptedID: "1xt4uextl99sdzwdxuvdxrvgrv8gehcq7jdgf9yhzeto"),
]

@Suite("Parsing Graph notifications")
struct NotificationParserTests {
    @Test("every seed notification parses to the values on Graph's page", arguments: seedExpectations)
    func seedNotification(_ expected: SeedNotificationExpectation) throws {
        let scenario = try Fixtures.seed(expected.example)
        let bytes = expected.terminated ? scenario.terminatedNotification : scenario.incomingNotification
        let envelope = try NotificationParser.parse(bytes)

        #expect(envelope.odataType == "#microsoft.graph.commsNotifications")
        let notification = try #require(envelope.value.first)
        #expect(envelope.value.count == 1)
        #expect(notification.callID == expected.callID)
        #expect(notification.resourceUrl == expected.resourceUrl)
        #expect(notification.changeType == expected.changeType)
        #expect(notification.isIncomingCall == !expected.terminated)
        #expect(notification.isTerminatedCall == expected.terminated)

        let call = try #require(notification.resourceData)
        #expect(call.state == expected.state)
        #expect(call.direction == .incoming)
        #expect(call.id == expected.callID)
        #expect(call.tenantID == "632899f8-2ea1-4604-8413-27bd2892079f")
        #expect(call.myParticipantID == expected.myParticipantID)
        #expect(call.callbackURI == "https://bot.contoso.com/api/calls/24701998-1a73-4d42-8085-bf46ed0ae039")
        #expect(call.source?.region == "amer")
        #expect(call.callerKind == .user)
        #expect(call.source?.identity?.user?.id == expected.callerUserID)
        #expect(call.source?.identity?.user?.tenantID == "632899f8-2ea1-4604-8413-27bd2892079f")

        let target = try #require(call.targets.first)
        #expect(call.targets.count == 1)
        #expect(target.identity?.identity(expected.targetKind)?.id == expected.targetID)
        #expect(target.identity?.identity(expected.targetKind)?.displayName == expected.targetDisplayName)
        #expect(call.answeredBy?.identity?.encrypted?.id == expected.answeredByEncryptedID)
        if expected.example == 3 {
            #expect(target.endpointType == .default)
            #expect(target.id == "c339cede-4bd6-4f20-ab9f-3a13e65f6d00")
            #expect(target.region == "amer")
            #expect(target.languageID == nil)  // "languageId": null
            #expect(target.identity?.applicationInstance?.tenantID == "632899f8-2ea1-4604-8413-27bd2892079f")
        }
    }

    @Test("PascalCase enum values from real traffic match the documented values and keep their spelling")
    func pascalCase() throws {
        let notification = try #require(try NotificationParser.parse(Fixtures.bytes("pascalcase-terminated-notification.json")).value.first)
        #expect(notification.changeType == .deleted)
        #expect(notification.changeType.rawValue == "Deleted")
        #expect(notification.changeType.canonicalValue == "deleted")
        #expect(notification.resource == "/app/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a")
        #expect(notification.isTerminatedCall)
        let call = try #require(notification.resourceData)
        #expect(call.state == .terminated)
        #expect(call.state?.rawValue == "Terminated")
        #expect(call.targets.first?.endpointType == .default)
        #expect(call.answeredBy?.endpointType == .default)
        #expect(call.resultInfo == ResultInfo(code: 408, subcode: 8544, message: "Callee could not be reached."))
    }

    @Test("the legacy shape takes the call id from `resource` and tolerates subscription fields")
    func legacyResource() throws {
        let notification = try #require(try NotificationParser.parse(Fixtures.bytes("legacy-resource-notification.json")).value.first)
        #expect(notification.callID == "491f0b00-ffff-4bc9-a43e-b226498ec22a")
        #expect(notification.resourceUrl == nil)
        #expect(notification.changeType == .updated)
        #expect(notification.resourceData?.state == .established)
        #expect(notification.resourceData?.id == nil)
        #expect(!notification.isIncomingCall)
    }

    @Test("resultInfo accepts `subCode` and numbers sent as strings", arguments: [
        ("resultinfo-subCode-notification.json", ResultInfo(code: 500, subcode: 7000)),
        ("resultinfo-strings-notification.json", ResultInfo(code: 200, subcode: 5001)),
    ])
    func lenientResultInfo(fixture: String, expected: ResultInfo) throws {
        let call = try #require(try NotificationParser.parse(Fixtures.bytes(fixture)).value.first?.resourceData)
        #expect(call.resultInfo == expected)
    }

    @Test("unknown members are ignored and extra documented members are read")
    func answerStyleExtras() throws {
        let call = try #require(try NotificationParser.parse(Fixtures.bytes("answer-style-incoming-notification.json")).value.first?.resourceData)
        #expect(call.id == "491f0b00-ffff-4bc9-a43e-b226498ec22a")
        #expect(call.requestedModalities == [.audio, .video])
        #expect(call.source?.languageID == "en-US")
        #expect(call.source?.region == "westus")
    }

    @Test("an encrypted caller is reported as such")
    func encryptedCaller() throws {
        let call = try #require(try NotificationParser.parse(Fixtures.bytes("encrypted-caller-incoming-notification.json")).value.first?.resourceData)
        #expect(call.callerKind == .encrypted)
        #expect(call.source?.identity?.user == nil)
    }

    @Test("unknown enum values are kept verbatim")
    func unknownEnumValues() throws {
        let body = ##"{"value":[{"changeType":"archived","resourceUrl":"/communications/calls/abc","resourceData":{"@odata.type":"#microsoft.graph.call","state":"parked","direction":"sideways"}}]}"##
        let notification = try #require(try NotificationParser.parse(Array(body.utf8)).value.first)
        #expect(notification.changeType.rawValue == "archived")
        #expect(!notification.changeType.isKnown)
        #expect(notification.resourceData?.state?.rawValue == "parked")
        #expect(notification.resourceData?.direction?.rawValue == "sideways")
        #expect(notification.callID == "abc")
    }

    @Test("a notification about resources under a call keeps the call id from the URL, not a participant id")
    func participantsCollection() throws {
        let collection = ##"{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a/participants","resourceData":[{"@odata.type":"#microsoft.graph.participant","id":"p1"}]}]}"##
        let notification = try #require(try NotificationParser.parse(Array(collection.utf8)).value.first)
        #expect(notification.callID == "491f0b00-ffff-4bc9-a43e-b226498ec22a")
        #expect(notification.resourceData == nil)
        #expect(notification.otherResourceDataType == "collection")

        let participant = ##"{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a/participants/p1","resourceData":{"@odata.type":"#microsoft.graph.participant","id":"p1"}}]}"##
        let other = try #require(try NotificationParser.parse(Array(participant.utf8)).value.first)
        #expect(other.callID == "491f0b00-ffff-4bc9-a43e-b226498ec22a")
        #expect(other.otherResourceDataType == "#microsoft.graph.participant")
    }

    @Test("several notifications in one body are all returned in order")
    func batch() throws {
        let body = #"{"value":[{"changeType":"created","resourceUrl":"/communications/calls/a"},{"changeType":"deleted","resourceUrl":"/communications/calls/b"}]}"#
        let envelope = try NotificationParser.parse(Array(body.utf8))
        #expect(envelope.value.map(\.callID) == ["a", "b"])
    }

    @Test("escapes and non-ASCII text decode")
    func stringDecoding() throws {
        let body = #"{"value":[{"changeType":"created","resourceUrl":"/communications/calls/a","resourceData":{"source":{"identity":{"user":{"displayName":"J\u00fcrgen \"JJ\" M\u00fcller \ud83d\udcde Zoë"}}}}}]}"#
        let call = try #require(try NotificationParser.parse(Array(body.utf8)).value.first?.resourceData)
        #expect(call.source?.identity?.user?.displayName == "Jürgen \"JJ\" Müller 📞 Zoë")
    }
}
