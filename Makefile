# The README's commands. Both install libpcre2-dev first when it is missing.
SWIFT ?= swift

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: deps test-deps build analyze test html-check clean bench spark-demo spark-test install uninstall readme-commands fuzz-build fuzz fuzz-ci lobo

deps:
	@./.ci/deps

test-deps:
	@./.ci/deps --test

build: deps
	$(SWIFT) build

## Analyse corpus/ and print the per-tool report.
analyze: deps
	$(SWIFT) run panelist analyze corpus

## Build, run the test suite, the rules' own examples, and check the JSON against its schema.
test: test-deps
	$(SWIFT) build --build-tests
	@# Builds the rules' Hyperscan database into the cache once (about 30 s of CPU when it is
	@# not there yet), so no test's child process pays for it (tests measure children's memory).
	PANELIST_SCANNER=hyperscan .build/debug/panelist analyze corpus/mem0-vs-zep.txt --format jsonl > /dev/null
	$(SWIFT) test --skip-build
	$(SWIFT) run panelist analyze corpus --format json --output .build/report.json
	python3 .ci/validate-json.py docs/report.schema.json .build/report.json
	$(SWIFT) run panelist lint corpus --format sarif --output .build/lint.sarif
	@if [ -f ../shared/schemas/sarif-schema-2.1.0.json ]; then \
	  python3 .ci/validate-json.py ../shared/schemas/sarif-schema-2.1.0.json .build/lint.sarif; \
	else echo "../shared/schemas not found: skipping SARIF schema validation"; fi
	@if [ -n "$$PANELIST_NO_BROWSER" ]; then echo "PANELIST_NO_BROWSER set: skipping the browser check of the HTML summary"; \
	else python3 .ci/check-html.py .build/debug/panelist .build/html corpus Tests/Fixtures/pages/hostile.txt; fi
	@if [ -d ../shared/corpus-dev ]; then \
	  $(SWIFT) run panelist eval --labels ../shared/corpus-dev ../shared/corpus-dev | sed -n '1,/^rules/p'; \
	else echo "../shared/corpus-dev not found: skipping the measurement against the labelled dev pages"; fi
	python3 scale/test_spark.py .build/debug/panelist
	python3 .ci/readme-commands.py README.md
	$(SWIFT) run panelist rules test

## Speed and peak memory on a generated corpus of unique quotes: make bench MB=100 BASELINE=/path/to/old/panelist
MB ?= 10
bench: deps
	$(SWIFT) build -c release
	MB=$(MB) scripts/bench.sh $(MB)

## libFuzzer (coverage-guided, with ASan) on a reader or the rule loader: make fuzz KIND=page|draft|jsonl|rules FUZZ_ARGS=-max_total_time=3600
KIND ?= page
FUZZ_ARGS ?= -runs=500
fuzz-build: deps
	SWIFT=$(SWIFT) scripts/fuzz.sh build

fuzz: fuzz-build
	scripts/fuzz.sh run $(KIND) $(FUZZ_ARGS)

## The bounded libFuzzer run of CI (.ci/run): 500 inputs of each kind.
fuzz-ci: fuzz-build
	scripts/fuzz.sh ci

## pyspark in a virtualenv (.venv-spark), then the Spark job in local[2] over corpus/.
SPARK_VENV ?= .venv-spark
$(SPARK_VENV)/bin/python:
	python3 -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/pip install -q pyspark

spark-demo: deps $(SPARK_VENV)/bin/python
	$(SWIFT) build -c release
	$(SPARK_VENV)/bin/python scale/spark_panelist.py --binary .build/release/panelist --rules rules \
	  --master 'local[2]' --partitions 4 --output .build/spark-report.json corpus
	head -40 .build/spark-report.json

## The Spark test (local[2], about 30 s) with pyspark from the virtualenv.
spark-test: deps $(SPARK_VENV)/bin/python
	$(SWIFT) build
	$(SPARK_VENV)/bin/python scale/test_spark.py .build/debug/panelist

## Every command line in the README's sh blocks, as pasted (also part of `make test`).
readme-commands: build
	python3 .ci/readme-commands.py README.md

## The release binary, bash/zsh/fish completions and the man page under $(DESTDIR)$(PREFIX).
install: deps
	$(SWIFT) build -c release --product panelist
	@set -e; bin="$$($(SWIFT) build -c release --show-bin-path)/panelist"; \
	root="$(DESTDIR)$(PREFIX)"; \
	install -d "$$root/bin" "$$root/share/bash-completion/completions" "$$root/share/zsh/site-functions" \
	  "$$root/share/fish/vendor_completions.d" "$$root/share/man/man1"; \
	install -m 755 "$$bin" "$$root/bin/panelist"; \
	"$$bin" --generate-completion-script bash > "$$root/share/bash-completion/completions/panelist"; \
	"$$bin" --generate-completion-script zsh > "$$root/share/zsh/site-functions/_panelist"; \
	"$$bin" --generate-completion-script fish > "$$root/share/fish/vendor_completions.d/panelist.fish"; \
	./.ci/manpage "$(SWIFT)" "$$bin" "$$root/share/man/man1/panelist.1"; \
	echo "installed $$root/bin/panelist, completions for bash, zsh and fish, and $$root/share/man/man1/panelist.1"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/panelist" "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/panelist" \
	  "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_panelist" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/panelist.fish" \
	  "$(DESTDIR)$(PREFIX)/share/man/man1/panelist.1"

clean:
	rm -rf .build

## Leave-one-batch-out: fit weights on all labelled sets but one blind batch, measure on that batch; the mean of the held-out figures.
lobo: deps
	$(SWIFT) build
	scripts/lobo.sh .build/debug/panelist
