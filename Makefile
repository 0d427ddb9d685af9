# The README's commands. Both install libpcre2-dev first when it is missing.
SWIFT ?= swift

.PHONY: deps build analyze test rules-test clean

deps:
	@./.ci/deps

build: deps
	$(SWIFT) build

## Analyse corpus/ and print the per-tool report.
analyze: deps
	$(SWIFT) run panelist analyze corpus

## Build, run the test suite, then the rules' own examples through the CLI.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(SWIFT) run panelist rules test

clean:
	rm -rf .build
