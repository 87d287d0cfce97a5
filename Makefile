# lotrinh: `make` installs missing packages, builds the generator and the site;
# `make test` runs every test. See README.md.
CC      ?= gcc
PREFIX  ?= /usr/local
DESTDIR ?=
PKGS    := libcmark-gfm yaml-0.1 lua5.4 libxml-2.0 libutf8proc
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lpthread -lm

SRC      := $(wildcard generator/*.c) generator/prelude.S
LIB_SRC  := $(filter-out generator/main.c,$(SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)

# BUILD selects the object folder, so sanitizer objects never mix with normal ones.
BUILD ?= build
OBJ      = $(patsubst generator/%.S,$(BUILD)/obj/%.o,$(LIB_SRC:generator/%.c=$(BUILD)/obj/%.o))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps generator site test test-asan unit install clean
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

site: $(BUILD)/lotrinh
	./$(BUILD)/lotrinh build --source . --dest public

unit: $(UNIT_BIN)

test:
	@sh scripts/install-deps.sh --test
	@$(MAKE) --no-print-directory generator unit
	@BUILD=$(BUILD) bash tests/run.sh

test-asan:
	@sh scripts/install-deps.sh --test
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" generator unit
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 BUILD=build-asan bash tests/run.sh

install: $(BUILD)/lotrinh
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/lotrinh $(DESTDIR)$(PREFIX)/bin/lotrinh
	install -m 644 docs/lotrinh.1 $(DESTDIR)$(PREFIX)/share/man/man1/lotrinh.1

clean:
	rm -rf build build-asan public .lotrinh-cache tests/out
