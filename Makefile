# memtriage: one non-recursive Makefile.  `make demo`, `make test`.

PKG_CONFIG ?= pkg-config
DEPS       := libpcre2-8 yaml-0.1 libarchive libhs sqlite3
CC         ?= cc
CFLAGS     ?= -O2 -g
PREFIX     ?= /usr/local
BUILD      ?= build
WARN       := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
              -Wold-style-definition -Wwrite-strings -Wpointer-arith -Wvla -Wformat=2 \
              -Wshadow -Wundef -fno-common
MT_CFLAGS   = -std=c11 -D_GNU_SOURCE -pthread -Ianalyzer $(WARN) \
              -DMT_RULES_DIR='"$(PREFIX)/share/memtriage/rules"' \
              $(shell $(PKG_CONFIG) --cflags $(DEPS))
MT_LIBS     = $(shell $(PKG_CONFIG) --libs $(DEPS)) -lm -pthread
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka)
ifdef DEVELOPER
MT_CFLAGS  += -Werror
endif
ifdef FUZZ
MT_CFLAGS  += -fsanitize=fuzzer-no-link
endif
ifdef SANITIZE
MT_CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE) -fno-omit-frame-pointer
LDFLAGS    += -fsanitize=$(SANITIZE)
endif
ifndef V
QUIET_CC    = @echo '   CC $@';
QUIET_LINK  = @echo '   LINK $@';
QUIET_AR    = @echo '   AR $@';
endif

SRCS       := $(sort $(shell find analyzer -name '*.c' ! -name main.c))
OBJS       := $(SRCS:%.c=$(BUILD)/%.o)
LIB        := $(BUILD)/libmemtriage.a
BIN        := $(BUILD)/memtriage
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# what the unit tests share that is compiled once (source_harness.h)
UNIT_OBJS  := $(BUILD)/tests/unit/source_harness.o

# The end-to-end suites: each target runs tests/NAME.sh (NAME-test: tests/NAME.sh).
SHELL_TESTS := golden corpus schema archive rules-test samples-test chunks-test prefilter-test \
               snapshot-test esx-test state-test state-faults-test hostile-test mutate-test bounds-test html-test \
               diagnosis-test docs-test formats-test inputs-test history-test

.PHONY: all lib deps check-libs demo test check unit $(SHELL_TESTS) golden-update screenshots
.PHONY: bench bench-history fuzz fuzz-build fuzz-lib valgrind asan lint install clean facts-doc facts-doc-check

all: $(BIN)

# Before anything is compiled: a missing library is named, not left to the
# compiler's "pcre2.h: No such file".
check-libs:
	@PKG_CONFIG="$(PKG_CONFIG)" sh scripts/deps.sh --check $(DEPS)

$(BUILD)/%.o: %.c | check-libs
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(MT_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(OBJS)
	$(QUIET_AR)rm -f $@ && $(AR) rcs $@ $^

# Objects, not the archive: sources are registered by weak reference (sources.c),
# which would not pull them out of an archive.
$(BIN): $(BUILD)/analyzer/main.o $(OBJS)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MT_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(UNIT_OBJS) $(LIB) | check-libs-cmocka
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(MT_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(UNIT_OBJS) \
		-Wl,--whole-archive $(LIB) -Wl,--no-whole-archive $(MT_LIBS) $(TEST_LIBS)

# named as a target, so not removed as an intermediate file after each build
$(UNIT_OBJS): | check-libs-cmocka

.PHONY: check-libs-cmocka
check-libs-cmocka:
	@PKG_CONFIG="$(PKG_CONFIG)" sh scripts/deps.sh --check cmocka

-include $(OBJS:.o=.d) $(UNIT_OBJS:.o=.d)

# Install what is missing (Debian/Ubuntu, with apt-get, when we may).
deps:
	@sh scripts/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@echo
	$(BIN) --fail-on never samples/

unit: $(UNIT_BINS)
	@sh tests/unit/run.sh $(UNIT_BINS)

# tests/README.md says what each checks
$(SHELL_TESTS): $(BIN)
	@BIN=$(BIN) sh tests/$(@:-test=).sh

golden-update: $(BIN)
	@UPDATE=1 BIN=$(BIN) sh tests/golden.sh

# The README's pictures of the HTML report, retaken (headless Chromium), then html-test's checks.
screenshots: $(BIN)
	@UPDATE=1 BIN=$(BIN) sh tests/html.sh

# libFuzzer targets (clang): every parser, the rule loader, the whole input path.
# `make fuzz FUZZ_SECONDS=N` runs each for N seconds; `make test` for TEST_FUZZ_SECONDS.
FUZZ_SECONDS ?= 20
# A fixed seed makes a run the same sequence of inputs each time, so the
# short run of `make test` is a prefix of any longer run made with it.
FUZZ_SEED    ?= 1
FUZZ_DIR     := build/fuzz
FUZZ_NAMES   := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)
# `make test` fuzzes each target for less
TEST_FUZZ_SECONDS ?= 10

lib: $(LIB)

# the library again, built by clang with the fuzzer's instrumentation
fuzz-lib:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_DIR) CC=clang SANITIZE=address,undefined FUZZ=1 \
		CFLAGS="-O1 -g" lib

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c fuzz-lib
	$(QUIET_LINK)clang -std=c11 -D_GNU_SOURCE -Ianalyzer -O1 -g -fsanitize=fuzzer,address,undefined \
		-o $@ $< -Wl,--whole-archive $(FUZZ_DIR)/libmemtriage.a -Wl,--no-whole-archive $(MT_LIBS)

fuzz-build: $(FUZZ_BINS)

# Each target: its regression inputs, then FUZZ_SECONDS of fuzzing from its seeds.
fuzz: fuzz-build
	@FUZZ_DIR=$(FUZZ_DIR) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$(FUZZ_SEED) sh tests/fuzz/run.sh $(FUZZ_NAMES)

# memtriage against rg, grep and wc on generated inputs of several shapes
# (BENCH_MB=256 each, BENCH_RUNS=10 pairs with rg)
bench: $(BIN)
	@BIN=$(BIN) sh scripts/bench.sh
	@BIN=$(BIN) sh scripts/bench_history.sh

# a year of 1,000 hosts' nightly reports imported, then memtriage history timed
bench-history: $(BIN)
	@BIN=$(BIN) sh scripts/bench_history.sh

# The binary under valgrind over every input we have: no error, no leak (exit 4 is
# tests/data/bad's truncated .gz, an input not read to its end; valgrind's own is 9).
valgrind: $(BIN)
	@if ! command -v valgrind >/dev/null; then echo "valgrind: SKIPPED: not installed"; else \
	  set -e; for p in samples tests/data/bad $$( [ -d ../shared/corpus/oom ] && echo ../shared/corpus/oom ); do \
	    rc=0; MEMTRIAGE_NO_JIT=1 valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=9 \
	      $(BIN) -f json --year 2026 --fail-on never $$p >/dev/null 2>build/valgrind.log || rc=$$?; \
	    case $$rc:$$p in 0:*|4:tests/data/bad) ;; *) cat build/valgrind.log; echo "valgrind: exit $$rc on $$p"; exit 1;; esac; \
	  done; MEMTRIAGE_NO_JIT=1 MT_WRAP="valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=9" \
	    BIN=$(BIN) sh -c 'sh tests/state.sh && sh tests/state-faults.sh && sh tests/history.sh' >build/valgrind.log 2>&1 || { cat build/valgrind.log; exit 1; }; \
	  echo "valgrind: 0 errors, 0 leaks (the state tests included)$$( [ -d ../shared/corpus/oom ] || echo "; corpus SKIPPED: ../shared/corpus/oom not found")"; fi

# docs/facts.md is the output of --list-facts; this keeps them the same.
facts-doc: $(BIN)
	@$(BIN) --list-facts > docs/facts.md

facts-doc-check: $(BIN)
	@$(BIN) --list-facts | diff -u docs/facts.md - && echo "facts-doc: 1 passed, 0 failed" \
		|| { echo "docs/facts.md is out of date: run make facts-doc"; exit 1; }

# #include "..." against the folder layers of scripts/layers.txt (docs/architecture.md)
.PHONY: layers-test
layers-test:
	@sh scripts/check-layers.sh

# every shell suite, so that one added to SHELL_TESTS is run without more
check: lint unit $(SHELL_TESTS) facts-doc-check layers-test

# A sanitizer's report exits 9 (the suites fail a run on it, whatever exit the
# step expected), leaks included; UBSan's with its stack.
asan: export ASAN_OPTIONS = exitcode=9:detect_leaks=1
asan: export UBSAN_OPTIONS = exitcode=9:print_stacktrace=1:halt_on_error=1
asan:
	@$(MAKE) --no-print-directory check BUILD=build/asan SANITIZE=address,undefined DEVELOPER=1

test: deps
	@$(MAKE) --no-print-directory check valgrind DEVELOPER=1
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)
	@echo "all test suites passed"

# The banned libc functions (util/banned.h), outside comments and strings.
lint:
	@sh scripts/lint.sh

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/memtriage/rules \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/memtriage
	install -m 644 docs/memtriage.1 $(DESTDIR)$(PREFIX)/share/man/man1/memtriage.1
	install -m 644 rules/*.yaml $(DESTDIR)$(PREFIX)/share/memtriage/rules/
	install -d $(DESTDIR)$(PREFIX)/share/memtriage/rules/fleet
	install -m 644 rules/fleet/*.yaml $(DESTDIR)$(PREFIX)/share/memtriage/rules/fleet/

clean:
	rm -rf build
