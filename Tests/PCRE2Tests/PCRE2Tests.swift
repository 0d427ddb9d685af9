import PCRE2
import XCTest

final class PatternTests: XCTestCase {
    func testCompileErrorCarriesOffset() {
        XCTAssertThrowsError(try Pattern("abc(def")) { error in
            let e = error as! CompileError
            XCTAssertEqual(e.offset, 7)
            XCTAssertTrue(e.message.contains("missing closing parenthesis"), e.message)
        }
    }

    func testMatchesReportByteRangesAndGroups() throws {
        let m = Matcher(try Pattern("(?<name>w[a-z]+)"))
        let found = try m.matches(in: "héllo wörld world")
        XCTAssertEqual(found.map(\.range), [14..<19], "wörld is not [a-z]+; bytes, not characters")
        let p = try Pattern("(?<name>a)|(?<name>b)", options: [.duplicateNames])
        XCTAssertEqual(p.groupNumbers(named: "name"), [1, 2])
    }

    func testUTFAndUCPAreOn() throws {
        let m = Matcher(try Pattern(#"\w+"#))
        XCTAssertEqual(try m.matches(in: "naïve café").count, 2)
        XCTAssertEqual(try Matcher(try Pattern("CAFÉ", options: [.caseless])).matches(in: "café").count, 1)
    }

    func testMarksNameTheAlternative() throws {
        let m = Matcher(try Pattern("(*MARK:0)cat|(*MARK:1)dog"))
        let found = try m.matches(in: "dog and cat")
        XCTAssertEqual(found.map(\.mark), ["1", "0"])
    }

    func testOverlappingIterationFindsMatchesInsideOthers() throws {
        let m = Matcher(try Pattern("(*MARK:0)big cat|(*MARK:1)cat"))
        XCTAssertEqual(try m.matches(in: "a big cat").map(\.mark), ["0"])
        XCTAssertEqual(try m.matches(in: "a big cat", overlapping: true).map(\.mark), ["0", "1"])
    }

    func testEmptyMatchesAdvance() throws {
        let m = Matcher(try Pattern("x*"))
        XCTAssertEqual(try m.matches(in: "ab").count, 3)
    }

    func testMatchLimitStopsCatastrophicBacktracking() throws {
        let m = Matcher(try Pattern("(a+)+$"), limits: MatchLimits(match: 10_000, depth: 100, heapKiB: 1000))
        let subject = String(repeating: "a", count: 40) + "b"
        XCTAssertThrowsError(try m.matches(in: subject)) { error in
            XCTAssertTrue((error as! PCRE2Error).isLimit, "\(error)")
        }
    }

    func testTextIndexGivesLineAndScalarColumn() {
        let text = "ab\nçdé\nxyz"
        let index = TextIndex(text)
        XCTAssertEqual(index.position(ofByte: 0), TextPosition(line: 1, column: 1))
        XCTAssertEqual(index.position(ofByte: 3), TextPosition(line: 2, column: 1))
        XCTAssertEqual(index.position(ofByte: 6), TextPosition(line: 2, column: 3)) // after "çd"
        XCTAssertEqual(index.position(ofByte: 9), TextPosition(line: 3, column: 1))
        let shifted = TextIndex("ab\ncd", origin: TextPosition(line: 10, column: 5))
        XCTAssertEqual(shifted.position(ofByte: 1), TextPosition(line: 10, column: 6))
        XCTAssertEqual(shifted.position(ofByte: 4), TextPosition(line: 11, column: 2))
        XCTAssertEqual(index.scalarOffset(ofByte: 6), 5)
    }

    func testPatternsAreSharedAcrossThreads() throws {
        let p = try Pattern(#"\bship\b"#)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 4)
        defer { counts.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            let m = Matcher(p)
            var n = 0
            for _ in 0..<200 { n += (try? m.matches(in: "ship it, then ship again").count) ?? 0 }
            counts[i] = n
        }
        XCTAssertEqual(Array(counts), [400, 400, 400, 400])
    }
}
