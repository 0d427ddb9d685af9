@testable import PanelistCore
import XCTest

/// gitignore-style globs, ignore files and the directory walk; disable comments in drafts.
final class InputWalkTests: XCTestCase {
    func matches(_ glob: String, _ path: String, directory: Bool = false) -> Bool {
        Glob(glob)!.matches(path, isDirectory: directory)
    }

    func testGlobSyntax() {
        XCTAssertTrue(matches("*.md", "README.md"))
        XCTAssertTrue(matches("*.md", "docs/lint.md"), "no slash: any depth")
        XCTAssertFalse(matches("*.md", "docs/lint.mdx"))
        XCTAssertTrue(matches("docs/*.md", "docs/lint.md"))
        XCTAssertFalse(matches("docs/*.md", "sub/docs/lint.md"), "a slash anchors to the base")
        XCTAssertFalse(matches("docs/*.md", "docs/a/lint.md"), "* stays within a component")
        XCTAssertTrue(matches("/corpus", "corpus", directory: true))
        XCTAssertFalse(matches("/corpus", "x/corpus", directory: true))
        XCTAssertTrue(matches("**/drafts", "a/b/drafts", directory: true))
        XCTAssertTrue(matches("**/drafts", "drafts", directory: true))
        XCTAssertTrue(matches("corpus/**", "corpus/a/b.txt"))
        XCTAssertTrue(matches("a/**/b.txt", "a/b.txt"))
        XCTAssertTrue(matches("a/**/b.txt", "a/x/y/b.txt"))
        XCTAssertTrue(matches("fixtures/", "fixtures", directory: true))
        XCTAssertFalse(matches("fixtures/", "fixtures"), "a trailing slash matches directories only")
        XCTAssertTrue(matches("page-?.txt", "page-1.txt"))
        XCTAssertTrue(matches("page-[0-9].txt", "page-7.txt"))
        XCTAssertFalse(matches("page-[!0-9].txt", "page-7.txt"))
        XCTAssertTrue(matches("a+b (1).txt", "a+b (1).txt"), "regex characters are literal")
        XCTAssertNil(Glob("# a comment"))
        XCTAssertNil(Glob("   "))
        XCTAssertTrue(Glob("!keep.md")!.negated)
    }

    func testIgnoreListLastMatchWins() {
        let list = IgnoreList(base: "/r", text: "*.jsonl\n!keep.jsonl\n# note\n")
        XCTAssertEqual(list.verdict("/r/a/x.jsonl", isDirectory: false), true)
        XCTAssertEqual(list.verdict("/r/a/keep.jsonl", isDirectory: false), false)
        XCTAssertNil(list.verdict("/r/a/x.md", isDirectory: false))
        XCTAssertNil(list.verdict("/elsewhere/x.jsonl", isDirectory: false), "outside its base a list says nothing")
    }

    func testWalkHonoursIgnoreFilesHiddenAndGlobs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("panelist-walk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for file in ["a.txt", "b/c.txt", "b/skip/d.txt", ".hidden/e.txt", "f.md", "b/keep.txt"] {
            let path = dir + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "x".write(toFile: path, atomically: true, encoding: .utf8)
        }
        try "skip/\n".write(toFile: dir + "/b/.panelistignore", atomically: true, encoding: .utf8)
        func found(_ walk: InputWalk) -> [String] {
            walk.files([dir], extensions: ["txt"]).files.map { String($0.dropFirst(dir.count + 1)) }
        }
        XCTAssertEqual(found(InputWalk()), ["a.txt", "b/c.txt", "b/keep.txt"])
        XCTAssertEqual(found(InputWalk(ignoreFiles: false)), ["a.txt", "b/c.txt", "b/keep.txt", "b/skip/d.txt"])
        XCTAssertEqual(found(InputWalk(hidden: true)), [".hidden/e.txt", "a.txt", "b/c.txt", "b/keep.txt"])
        XCTAssertEqual(found(InputWalk(include: ["b/*.txt"])), ["b/c.txt", "b/keep.txt"])
        XCTAssertEqual(found(InputWalk(exclude: ["b"])), ["a.txt"])
        XCTAssertEqual(found(InputWalk(exclude: ["c.txt"])), ["a.txt", "b/keep.txt"])
    }

    func testDisableDirectivesByLine() {
        let comments = [
            LintInputs.Comment(text: "panelist-disable a b", firstLine: 2, lastLine: 2),
            LintInputs.Comment(text: "panelist-enable b", firstLine: 5, lastLine: 5),
            LintInputs.Comment(text: "panelist-disable-next-line c", firstLine: 7, lastLine: 8),
            LintInputs.Comment(text: "panelist-disable", firstLine: 20, lastLine: 20),
        ]
        XCTAssertEqual(LintInputs.disabledRules(atLine: 1, comments: comments), [])
        XCTAssertEqual(LintInputs.disabledRules(atLine: 3, comments: comments), ["a", "b"])
        XCTAssertEqual(LintInputs.disabledRules(atLine: 6, comments: comments), ["a"])
        XCTAssertEqual(LintInputs.disabledRules(atLine: 9, comments: comments), ["a", "c"], "the line after a comment's end")
        XCTAssertEqual(LintInputs.disabledRules(atLine: 10, comments: comments), ["a"])
        XCTAssertTrue(LintInputs.disabledRules(atLine: 21, comments: comments).contains("*"), "no id: every rule")
        let comments2 = LintInputs.htmlComments("one\n<!-- panelist-disable-next-line x\n   y -->\nquote", firstLine: 6)
        XCTAssertEqual(comments2.map(\.firstLine), [7])
        XCTAssertEqual(comments2.map(\.lastLine), [8])
    }
}
