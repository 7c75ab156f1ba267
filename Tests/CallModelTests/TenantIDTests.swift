import CallModel
import Testing

@Suite struct TenantIDTests {
    @Test func aLowercaseGUIDIsItself() {
        #expect(TenantID.normalized("72f988bf-86f1-41af-91ab-2d7cd011db47") == "72f988bf-86f1-41af-91ab-2d7cd011db47")
    }

    @Test func anyLetterCaseComesBackLowercase() {
        #expect(TenantID.normalized("72F988BF-86f1-41AF-91ab-2D7CD011DB47") == "72f988bf-86f1-41af-91ab-2d7cd011db47")
    }

    @Test(arguments: [
        "",
        "72f988bf86f141af91ab2d7cd011db47",  // no hyphens
        "72f988bf-86f1-41af-91ab-2d7cd011db4",  // 35 characters
        "72f988bf-86f1-41af-91ab-2d7cd011db47a",  // 37 characters
        "72f988bf-86f1-41af-91ab-2d7cd011db4g",  // not hexadecimal
        "72f988bf-86f1-41af-91ab_2d7cd011db47",  // a separator out of place
        "72f988bf-86f1-41af-91ab-2d7cd011db-7",  // a fifth hyphen
        "72f988bf-86f1-41af-91ab-2d7cd011db4é",  // non-ASCII, 36 characters but 37 bytes
        "contoso.onmicrosoft.com",
    ])
    func anythingElseIsNotATenantID(_ text: String) {
        #expect(TenantID.normalized(text) == nil)
    }
}
