# memtriage: one non-recursive Makefile.  `make demo`, `make test`.

PKG_CONFIG ?= pkg-config
DEPS       := libpcre2-8 yaml-0.1 libarchive libhs
CC         ?= cc
CFLAGS     ?= -O2 -g
PREFIX     ?= /usr/local
BUILD      ?= build
WARN       := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
              -Wold-style-definition -Wwrite-strings -Wpointer-arith -Wvla -Wformat=2 \
              -Wshadow -Wundef -fno-common
MT_CFLAGS   = -std=c11 -D_GNU_SOURCE -pthread -Ianalyzer $(WARN) \
              -DMT_RULES_DIR='"$(PREFIX)/share/memtriage/rules"' \
              $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null)
MT_LIBS     = $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null) -lm -pthread
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
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

.PHONY: all deps demo test check bench fuzz fuzz-build fuzz-lib lib unit golden golden-update corpus schema archive rules-test samples-test chunks-test prefilter-test snapshot-test esx-test state-test hostile-test mutate-test bounds-test html-test facts-doc facts-doc-check valgrind asan install clean lint

all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(MT_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(OBJS)
	$(QUIET_AR)rm -f $@ && $(AR) rcs $@ $^

# Objects, not the archive: sources are registered by weak reference (sources.c),
# which would not pull them out of an archive.
$(BIN): $(BUILD)/analyzer/main.o $(OBJS)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MT_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(MT_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		-Wl,--whole-archive $(LIB) -Wl,--no-whole-archive $(MT_LIBS) $(TEST_LIBS)

-include $(OBJS:.o=.d)

# Install what is missing (Debian/Ubuntu, with apt-get, when we may).
deps:
	@sh scripts/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@echo
	$(BIN) --fail-on never samples/

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

golden: $(BIN)
	@BIN=$(BIN) sh tests/golden.sh

golden-update: $(BIN)
	@UPDATE=1 BIN=$(BIN) sh tests/golden.sh

corpus: $(BIN)
	@BIN=$(BIN) sh tests/corpus.sh

schema: $(BIN)
	@BIN=$(BIN) sh tests/schema.sh

archive: $(BIN)
	@BIN=$(BIN) sh tests/archive.sh

# libFuzzer targets (clang): every parser, the rule loader, the whole input path.
# `make fuzz FUZZ_SECONDS=N` runs each for N seconds; `make test` for 20.
FUZZ_SECONDS ?= 20
# A fixed seed makes a run the same sequence of inputs each time, so the
# short run of `make test` is a prefix of any longer run made with it.
FUZZ_SEED    ?= 1
FUZZ_DIR     := build/fuzz
FUZZ_NAMES   := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)
FUZZ_SEEDS_fuzz_log     := ../shared/corpus/oom samples/central samples/journal samples/dmesg tests/data/bad
FUZZ_SEEDS_fuzz_sources := ../shared/corpus/snapshots/meminfo ../shared/corpus/snapshots/zoneinfo ../shared/corpus/snapshots/sysctl tests/fuzz/seeds/sources
FUZZ_SEEDS_fuzz_esxtop  := samples/esxtop ../shared/corpus/snapshots/esxtop
FUZZ_SEEDS_fuzz_rules   := rules tests/data/rules
FUZZ_SEEDS_fuzz_walk    := $(FUZZ_DIR)/seeds/walk tests/data/bad

lib: $(LIB)

# the library again, built by clang with the fuzzer's instrumentation
fuzz-lib:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_DIR) CC=clang SANITIZE=address,undefined FUZZ=1 \
		CFLAGS="-O1 -g" lib

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c fuzz-lib
	$(QUIET_LINK)clang -std=c11 -D_GNU_SOURCE -Ianalyzer -O1 -g -fsanitize=fuzzer,address,undefined \
		-o $@ $< -Wl,--whole-archive $(FUZZ_DIR)/libmemtriage.a -Wl,--no-whole-archive $(MT_LIBS)

fuzz-build: $(FUZZ_BINS)

# Each target: its seeds, then the crashes kept as regression inputs, then FUZZ_SECONDS of fuzzing.
fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/seeds/walk $(FUZZ_DIR)/crashes && \
	  tar -C tests/data -czf $(FUZZ_DIR)/seeds/walk/bad.tar.gz bad && \
	  tar -C samples -cJf $(FUZZ_DIR)/seeds/walk/guest.tar.xz vmware-guest
	@set -e; for t in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	  seeds=""; for s in $$(eval echo \$$FUZZ_SEEDS_$$t); do [ -d "$$s" ] && seeds="$$seeds $$s"; done; \
	  if [ -d tests/fuzz/regress/$$t ] && [ -n "$$(ls tests/fuzz/regress/$$t)" ]; then \
	    $(FUZZ_DIR)/$$t tests/fuzz/regress/$$t/* >/dev/null 2>&1 || { echo "fuzz: $$t: a regression input fails"; exit 1; }; fi; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/$$t -seed=$(FUZZ_SEED) -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
	    -artifact_prefix=$(FUZZ_DIR)/crashes/$$t- $(FUZZ_DIR)/corpus/$$t $$seeds >$(FUZZ_DIR)/$$t.log 2>&1 \
	    || { tail -40 $(FUZZ_DIR)/$$t.log; echo "fuzz: $$t found a crash: $(FUZZ_DIR)/crashes/"; exit 1; }; \
	  grep -E "^#[0-9]+.*DONE" $(FUZZ_DIR)/$$t.log | tail -1; \
	done; echo "fuzz: $(words $(FUZZ_NAMES)) passed, 0 failed"

# memtriage against rg, grep and wc on generated inputs (BENCH_MB=1024)
bench: $(BIN)
	@BIN=$(BIN) sh scripts/bench.sh

# The binary under valgrind over every input we have: no error, no leak.
valgrind: $(BIN)
	@if ! command -v valgrind >/dev/null; then echo "valgrind: SKIPPED: not installed"; else \
	  set -e; for p in samples tests/data/bad $$( [ -d ../shared/corpus/oom ] && echo ../shared/corpus/oom ); do \
	    MEMTRIAGE_NO_JIT=1 valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=9 \
	      $(BIN) -f json --year 2026 --fail-on never $$p >/dev/null 2>build/valgrind.log || { cat build/valgrind.log; exit 1; }; \
	  done; echo "valgrind: 0 errors, 0 leaks"; fi

rules-test: $(BIN)
	@BIN=$(BIN) sh tests/rules.sh

snapshot-test: $(BIN)
	@BIN=$(BIN) sh tests/snapshot.sh

bounds-test: $(BIN)
	@BIN=$(BIN) sh tests/bounds.sh

mutate-test: $(BIN)
	@BIN=$(BIN) sh tests/mutate.sh

hostile-test: $(BIN)
	@BIN=$(BIN) sh tests/hostile.sh

state-test: $(BIN)
	@BIN=$(BIN) sh tests/state.sh

html-test: $(BIN)
	@BIN=$(BIN) sh tests/html.sh

esx-test: $(BIN)
	@BIN=$(BIN) sh tests/esx.sh

samples-test: $(BIN)
	@BIN=$(BIN) sh tests/samples.sh

chunks-test: $(BIN)
	@BIN=$(BIN) sh tests/chunks.sh

prefilter-test: $(BIN)
	@BIN=$(BIN) sh tests/prefilter.sh

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

check: unit golden corpus samples-test chunks-test prefilter-test snapshot-test esx-test state-test hostile-test mutate-test bounds-test schema archive rules-test facts-doc-check html-test layers-test

asan:
	@$(MAKE) --no-print-directory check BUILD=build/asan SANITIZE=address,undefined DEVELOPER=1

test: deps
	@$(MAKE) --no-print-directory check valgrind DEVELOPER=1
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)
	@echo "all test suites passed"

lint:
	@! grep -nE '\b(sscanf|atoi|atol|strtok|strcpy|strcat|sprintf|gets|localtime|gmtime)\s*\(' \
		$$(find analyzer -name '*.c' ! -name banned.h) || { echo 'banned function used'; exit 1; }

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/memtriage/rules \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/memtriage
	install -m 644 docs/memtriage.1 $(DESTDIR)$(PREFIX)/share/man/man1/memtriage.1
	@for f in rules/*.yaml; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/memtriage/rules/ || true; done

clean:
	rm -rf build
