# lotrinh: `make` installs missing packages, builds the generator and the site;
# `make test` runs every test. See README.md.
CC      ?= gcc
PREFIX  ?= /usr/local
DESTDIR ?=
PKGS    := libcmark-gfm yaml-0.1 lua5.4 libxml-2.0 libutf8proc vips libmicrohttpd libxxhash
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# mimalloc (Debian's libmimalloc-dev) replaces malloc: builds allocate many
# small blocks on several threads. Sanitizer builds keep their own malloc.
MALLOC_LIB ?= -Wl,--no-as-needed -lmimalloc -Wl,--as-needed
# libvips is not linked: img.c loads it when a photo is first resized
LINK_PKGS := $(filter-out vips,$(PKGS))
LIBS_BASE = $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null) -lcmark-gfm-extensions -ldl -lpthread -lm
# Sanitizer and valgrind builds link libvips after all: LeakSanitizer's
# tracer crashes on the threads of a libvips loaded later with dlopen.
VIPS_LINK ?=
VIPS_LINKED = -Wl,--no-as-needed $(shell pkg-config --libs vips 2>/dev/null) -Wl,--as-needed
LIBS    = $(LIBS_BASE) $(VIPS_LINK) $(MALLOC_LIB)

SRC      := $(wildcard generator/*.c) generator/prelude.S
LIB_SRC  := $(filter-out generator/main.c,$(SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)

# BUILD selects the object folder, so sanitizer objects never mix with normal ones.
BUILD ?= build
OBJ      = $(patsubst generator/%.S,$(BUILD)/obj/%.o,$(LIB_SRC:generator/%.c=$(BUILD)/obj/%.o))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps generator site test test-asan test-browser test-valgrind unit install clean bench print-flags
all: deps generator site

deps:
	@sh scripts/install-deps.sh

generator: $(BUILD)/lotrinh

$(BUILD)/obj/%.o: generator/%.c generator/*.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/prelude.o: generator/prelude.S generator/prelude.lua
	@mkdir -p $(dir $@)
	$(CC) -c -Igenerator $< -o $@

$(BUILD)/lotrinh: $(OBJ) $(BUILD)/obj/main.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(OBJ) tests/unit/t.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Igenerator -o $@ $< $(OBJ) $(LIBS)

# the compiler and linker flags of the libraries, for scripts that link
# the generator's objects themselves (tests/fuzz/replay.sh)
print-flags:
	@echo "$(shell pkg-config --cflags $(PKGS) 2>/dev/null)"
	@echo "$(LIBS_BASE) $(shell pkg-config --libs vips)"

site: $(BUILD)/lotrinh
	./$(BUILD)/lotrinh build --source . --dest public

unit: $(UNIT_BIN)

test:
	@sh scripts/install-deps.sh --test
	@$(MAKE) --no-print-directory generator unit
	@BUILD=$(BUILD) bash tests/run.sh

test-asan:
	@sh scripts/install-deps.sh --test
	@$(MAKE) --no-print-directory BUILD=build-asan MALLOC_LIB= VIPS_LINK="$(VIPS_LINKED)" CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" generator unit
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 BUILD=build-asan bash tests/run.sh

# `make bench`: lotrinh against Hugo and against the floor on generated
# corpora (docs/performance.md). BENCH_SIZES="1000 10000 50000", BENCH_RUNS=3.
bench: generator $(BUILD)/floor
	@BUILD=$(BUILD) bash bench/run.sh

$(BUILD)/floor: bench/floor.c $(BUILD)/obj/cmarkx.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# Browser tests (tests/browser/README.md): Debian's chromium driven by
# playwright-core from npm (never a downloaded browser), against the portal
# built with a fixed date and served on 127.0.0.1.
BROWSER_OUT = tests/out/browser
test-browser:
	@sh scripts/install-deps.sh --browser
	@$(MAKE) --no-print-directory generator
	@cd tests/browser && if ! cmp -s package-lock.json node_modules/.lotrinh-lock 2>/dev/null; then \
	    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error && \
	    cp package-lock.json node_modules/.lotrinh-lock; fi
	@rm -rf $(BROWSER_OUT) && mkdir -p $(BROWSER_OUT)
	@./$(BUILD)/lotrinh build -q --source . --dest $(BROWSER_OUT)/site --now 2026-11-23
	@PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node tests/browser/run.js $(BROWSER_OUT)/site
	@PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node tests/browser/serve.js ./$(BUILD)/lotrinh

# the unit tests, whole builds, lotrinh check and the fuzz regressions under
# valgrind (memory errors, definite and indirect leaks): tests/valgrind.sh
# (in build-vg/, with the C library's malloc, which valgrind follows, not
# mimalloc's C++ operators that libvips' libheif uses; and libvips linked,
# as glibc's dlopen keeps memory valgrind counts as lost)
test-valgrind:
	@sh scripts/install-deps.sh --valgrind
	@$(MAKE) --no-print-directory BUILD=build-vg MALLOC_LIB= VIPS_LINK="$(VIPS_LINKED)" generator unit
	@BUILD=build-vg bash tests/valgrind.sh

install: $(BUILD)/lotrinh
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/lotrinh $(DESTDIR)$(PREFIX)/bin/lotrinh
	install -m 644 docs/lotrinh.1 $(DESTDIR)$(PREFIX)/share/man/man1/lotrinh.1

clean:
	rm -rf build build-asan build-vg build-fuzz public .lotrinh-cache tests/out

# ---- fuzzing (tests/fuzz/README.md) ----
# `make fuzz` builds libFuzzer targets with clang, ASan and UBSan into
# build-fuzz/ and runs each for FUZZ_SECONDS on a scratch copy of its seed
# corpus; it fails if any target crashes. `make fuzz FUZZ_SECONDS=10`.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := fm md tpl slug build
FUZZ_DIR     := build-fuzz
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fno-omit-frame-pointer \
                -fsanitize=address,undefined -fno-sanitize-recover=all \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_OBJ      = $(patsubst generator/%.S,$(FUZZ_DIR)/obj/%.o,$(LIB_SRC:generator/%.c=$(FUZZ_DIR)/obj/%.o))
FUZZ_BIN      = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

.PHONY: fuzz fuzz-build
fuzz:
	@sh scripts/install-deps.sh --fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_TARGETS)

# the objects are named here so make keeps them (not intermediate files)
fuzz-build: $(FUZZ_OBJ) $(FUZZ_BIN)

$(FUZZ_DIR)/obj/%.o: generator/%.c generator/*.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_DIR)/obj/prelude.o: generator/prelude.S generator/prelude.lua
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -c -Igenerator $< -o $@

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DLT_FUZZER_MAIN -Igenerator -o $@ $< $(FUZZ_OBJ) $(LIBS_BASE) $(shell pkg-config --libs vips)

.PHONY: fuzz-clean
fuzz-clean:
	rm -rf $(FUZZ_DIR)
