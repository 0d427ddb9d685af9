import Foundation
import PanelistCore
import XCTest

/// Paths of the repository, fixtures and the optional ../shared folder.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static func path(_ relative: String) -> String { root + "/" + relative }
    static let fixtures = path("Tests/Fixtures")
    static let shared = URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("shared").path
    static var hasShared: Bool { FileManager.default.fileExists(atPath: shared + "/corpus-dev") }

    static func rules() throws -> RuleSet { try RuleSet.load(directory: path("rules")) }

    static func requireShared() throws {
        try XCTSkipUnless(hasShared, "../shared/corpus-dev is not beside this checkout: the measurement against the labelled dev pages is skipped")
    }
}
