# SPDX-License-Identifier: GPL-2.0-or-later
# Byline — build, test and set-up.
#
#   make demo    install missing Debian packages, build, index corpus/, run the seed query
#   make check   install missing Debian packages, build, run every test
#   make asan    the same tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make valgrind  the unit tests under valgrind (memcheck)
#   make install PREFIX=/usr/local [DESTDIR=...]   make uninstall (the same variables)
#
# The command-line tests also use python3 (JSON checks) and /usr/bin/time (peak memory).
# byline-serve's tests drive headless Chromium through Selenium (TEST_DEB_PACKAGES).
# Every library object is built from lib/*.c and lib/*.cc; every tests/test_*.c is a cmocka
# unit test linked against libbyline.a.  The build tree is build/ (build-asan/ for `make asan`).
# The same position-independent objects make build/libbyline.a and build/libbyline.so.N; the
# shared library exports only what include/byline.h declares (see "Shared library" below).

PREFIX    ?= /usr/local
BUILD     ?= build
CC        ?= cc
CXX       ?= c++
OPT       ?= -O2 -g
SANITIZE  ?=

DEB_PACKAGES = libxapian-dev xapian-tools libstemmer-dev libutf8proc-dev libjansson-dev \
               zlib1g-dev libcmocka-dev pkg-config python3 time libmicrohttpd-dev
# man pages are checked with `man -l` (tests/cli/install.sh)
DEB_PACKAGES += man-db groff-base
PKGS = xapian-core libutf8proc jansson zlib
# byline-serve alone links libmicrohttpd (the library and the other programs do not).
SERVE_PKGS = libmicrohttpd
# What only the tests need (a real browser for byline-serve's page): installed before the
# command-line tests run, never as a dependency of an object file.
TEST_DEB_PACKAGES = chromium chromium-driver python3-selenium

# Recursive (=) so that pkg-config runs only when a recipe needs it, after `deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)
SERVE_CFLAGS = $(shell pkg-config --cflags $(SERVE_PKGS) 2>/dev/null)
SERVE_LIBS   = $(shell pkg-config --libs $(SERVE_PKGS) 2>/dev/null)

WARN      = -Wall -Wextra -Werror
CPPFLAGS += -Iinclude -Ilib -D_GNU_SOURCE
CFLAGS   += -std=c11 $(WARN) $(OPT) $(SANITIZE) -pthread
CXXFLAGS += -std=c++17 $(WARN) $(OPT) $(SANITIZE) -pthread
LDFLAGS  += $(SANITIZE) -pthread

LIB_C    = $(sort $(wildcard lib/*.c lib/generated/*.c))
LIB_CXX  = $(sort $(wildcard lib/*.cc))
LIB_OBJ  = $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o)
INDEXER_OBJ  = $(patsubst %.c,$(BUILD)/%.o,$(wildcard indexer/*.c))
SEARCHER_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(wildcard searcher/*.c))
SERVE_OBJ    = $(patsubst %.c,$(BUILD)/%.o,$(wildcard serve/*.c)) $(BUILD)/serve/assets.o
SERVE_STATIC = $(sort $(wildcard serve/static/*))
TEST_SRC = $(sort $(wildcard tests/test_*.c))
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

PROGRAMS = $(BUILD)/byline-index $(BUILD)/byline-search $(BUILD)/byline-serve

# The version lives in one place, include/byline.h (BYLINE_VERSION_MAJOR/MINOR/MICRO); the
# shared library's name and byline.pc are derived from it.  The soname changes with MAJOR only.
version_part = $(shell sed -n 's/^\#define BYLINE_VERSION_$(1)  *\([0-9][0-9]*\).*/\1/p' include/byline.h)
VERSION_MAJOR := $(call version_part,MAJOR)
VERSION := $(VERSION_MAJOR).$(call version_part,MINOR).$(call version_part,MICRO)
SONAME   = libbyline.so.$(VERSION_MAJOR)
SHLIB    = $(BUILD)/libbyline.so.$(VERSION)
SHLIB_LINKS = $(BUILD)/$(SONAME) $(BUILD)/libbyline.so

.PHONY: all deps test-deps demo check unit-tests cli-tests run-check run-demo asan valgrind install \
        uninstall clean fuzz bench gazetteer ner-model
all: $(BUILD)/libbyline.a $(SHLIB_LINKS) $(PROGRAMS)

# Install the Debian packages the build needs, but only those that are absent.  This is the
# only place that runs apt-get: no object depends on it (a plain `make` never installs
# anything); `check`, `demo` and `fuzz` run it first, then build in a second make, so that
# pkg-config is asked only once the packages are there.  It asks dpkg every time (one call),
# so a package added to DEB_PACKAGES is installed on the next `make check`.
deps:
	@sh tools/install-deps $(DEB_PACKAGES) $(DEPS_EXTRA)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(PKG_CFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

# Shared library.  Library objects are position-independent and hide every symbol by
# default; include/byline.h wraps its declarations in `#pragma GCC visibility push(default)`,
# so exactly the functions it declares are exported, with no list to keep in sync.  The
# version script only keeps the C++ standard library's template instances (which libstdc++'s
# headers mark visible) out of the dynamic symbol table.  Linked with the C++ driver, the
# .so records libstdc++ as a dependency, so a C program links it with plain `cc -lbyline`.
LIB_FLAGS = -fPIC -fvisibility=hidden
$(BUILD)/lib/%.o: CFLAGS += $(LIB_FLAGS)
$(BUILD)/lib/%.o: CXXFLAGS += $(LIB_FLAGS) -fvisibility-inlines-hidden

$(SHLIB): $(LIB_OBJ) lib/libbyline.map
	$(CXX) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libbyline.map \
	  -Wl,--no-undefined -o $@ $(LIB_OBJ) $(PKG_LIBS) -lm
$(BUILD)/$(SONAME): $(SHLIB)
	ln -sf $(notdir $(SHLIB)) $@
$(BUILD)/libbyline.so: $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@


$(BUILD)/libbyline.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The library has one C++ file, so programs link with the C++ driver (libstdc++).
$(BUILD)/byline-index: $(INDEXER_OBJ) $(BUILD)/libbyline.a
	$(CXX) $(LDFLAGS) -o $@ $(INDEXER_OBJ) $(BUILD)/libbyline.a $(PKG_LIBS) -lm

$(BUILD)/byline-search: $(SEARCHER_OBJ) $(BUILD)/libbyline.a
	$(CXX) $(LDFLAGS) -o $@ $(SEARCHER_OBJ) $(BUILD)/libbyline.a $(PKG_LIBS) -lm

# byline-serve: the page in serve/static/ is compiled in (tools/embed.sh: od + sed).
$(BUILD)/serve/assets.c: $(SERVE_STATIC) tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh $@ $(SERVE_STATIC)

$(BUILD)/serve/assets.o: $(BUILD)/serve/assets.c serve/serve.h
	$(CC) $(CPPFLAGS) -Iserve $(CFLAGS) -c $< -o $@

$(BUILD)/serve/%.o: serve/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(SERVE_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/byline-serve: $(SERVE_OBJ) $(BUILD)/libbyline.a
	$(CXX) $(LDFLAGS) -o $@ $(SERVE_OBJ) $(BUILD)/libbyline.a $(PKG_LIBS) $(SERVE_LIBS) -lm

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libbyline.a
	$(CXX) $(LDFLAGS) -o $@ $< $(BUILD)/libbyline.a $(PKG_LIBS) $(CMOCKA_LIBS) -lm

unit-tests: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do \
	  echo "== $$t"; $(TEST_WRAPPER) $$t || fail=1; \
	done; exit $$fail

CLI_TESTS = tests/cli/run.sh tests/cli/indexing.sh tests/cli/remote.sh
CLI_TESTS += tests/cli/licence.sh tests/cli/install.sh tests/cli/color.sh tests/cli/generated.sh
CLI_TESTS += tests/cli/show.sh tests/cli/serve.sh
CLI_TESTS += tests/cli/views.sh
CLI_TESTS += tests/cli/entities.sh tests/cli/given.sh
CLI_TESTS += tests/cli/safety.sh
cli-tests: $(PROGRAMS)
	@fail=0; for s in $(CLI_TESTS); do \
	  echo "== $$s"; BUILD=$(BUILD) SANITIZE="$(SANITIZE)" sh $$s || fail=1; \
	done; exit $$fail

# The tests also need what TEST_DEB_PACKAGES names (a browser for byline-serve's page).
test-deps:
	@$(MAKE) --no-print-directory deps DEPS_EXTRA="$(TEST_DEB_PACKAGES)"
check: test-deps
	@$(MAKE) --no-print-directory run-check
run-check: all unit-tests cli-tests

# LeakSanitizer: leaks inside libxapian when a write fails are suppressed, narrowly (see
# tests/lsan.supp for what and why).
asan:
	LSAN_OPTIONS="suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0" \
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=undefined" check

valgrind: $(TEST_BIN)
	$(MAKE) TEST_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" unit-tests

demo: deps
	@$(MAKE) --no-print-directory run-demo
run-demo: all
	@rm -rf $(BUILD)/demo.db
	$(BUILD)/byline-index -d $(BUILD)/demo.db corpus/
	$(BUILD)/byline-search -d $(BUILD)/demo.db --limit 5 defence cooperation Israel India

# Install like a Debian library package: the programs (linked with libbyline.a, so they do not
# depend on where the shared library ends up), both libraries with the usual symbolic links,
# the public header only (xapian_c.h is internal), byline.pc (written here, so that it names
# this PREFIX), the man pages and bash completion.  `make uninstall` removes exactly these.
BINDIR     = $(PREFIX)/bin
LIBDIR     = $(PREFIX)/lib
INCLUDEDIR = $(PREFIX)/include
MANDIR     = $(PREFIX)/share/man
PCDIR      = $(LIBDIR)/pkgconfig
COMPLDIR   = $(PREFIX)/share/bash-completion/completions
MAN_PAGES  = man/byline-index.1 man/byline-search.1 man/byline-serve.1 man/libbyline.3 \
             man/byline-query.7
INSTALLED  = $(foreach p,$(PROGRAMS),$(BINDIR)/$(notdir $(p))) $(LIBDIR)/libbyline.a \
             $(LIBDIR)/$(notdir $(SHLIB)) $(LIBDIR)/$(SONAME) $(LIBDIR)/libbyline.so \
             $(INCLUDEDIR)/byline.h $(PCDIR)/byline.pc \
             $(foreach m,$(MAN_PAGES),$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m))) \
             $(COMPLDIR)/byline-index $(COMPLDIR)/byline-search $(COMPLDIR)/byline-serve
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(PCDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
	  $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(COMPLDIR)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(BUILD)/libbyline.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libbyline.so
	install -m 644 include/byline.h $(DESTDIR)$(INCLUDEDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	  -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(PKGS)|' byline.pc.in > $(DESTDIR)$(PCDIR)/byline.pc
	for m in $(MAN_PAGES); do install -m 644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/ || exit 1; done
	install -m 644 completions/byline $(DESTDIR)$(COMPLDIR)/byline-index
	ln -sf byline-index $(DESTDIR)$(COMPLDIR)/byline-search
	ln -sf byline-index $(DESTDIR)$(COMPLDIR)/byline-serve

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

# Fuzz the query parser and entity extraction with libFuzzer (clang), each for a bounded
# time: make fuzz FUZZ_TIME=60 (seconds a target).
# The library is built without -Werror here so that a clang-only warning does not stop it.
FUZZ_TIME ?= 60
FUZZ_SAN   = -fsanitize=address,undefined -fno-sanitize-recover=undefined
fuzz: deps
	$(MAKE) BUILD=build-fuzz CC=clang CXX=clang++ WARN="-Wall -Wextra" \
	  OPT="-O1 -g -fno-omit-frame-pointer" SANITIZE="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	  build-fuzz/libbyline.a
	clang $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 -Wall -Wextra -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
	  -c fuzz/query_fuzz.c -o build-fuzz/query_fuzz.o
	clang++ -fsanitize=fuzzer $(FUZZ_SAN) -o build-fuzz/query_fuzz build-fuzz/query_fuzz.o \
	  build-fuzz/libbyline.a $(PKG_LIBS) -lm
	clang $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 -Wall -Wextra -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
	  -c fuzz/extract_fuzz.c -o build-fuzz/extract_fuzz.o
	clang++ -fsanitize=fuzzer $(FUZZ_SAN) -o build-fuzz/extract_fuzz build-fuzz/extract_fuzz.o \
	  build-fuzz/libbyline.a $(PKG_LIBS) -lm
	@mkdir -p build-fuzz/corpus build-fuzz/extract-corpus
	build-fuzz/query_fuzz -max_total_time=$(FUZZ_TIME) -max_len=1024 -timeout=10 \
	  -dict=fuzz/query.dict -print_final_stats=1 build-fuzz/corpus fuzz/corpus
	build-fuzz/extract_fuzz -max_total_time=$(FUZZ_TIME) -max_len=4096 -timeout=10 \
	  -print_final_stats=1 build-fuzz/extract-corpus tests/data/entities

# Benchmarks print figures; they are not tests (see bench/README.md).
bench: all
	$(MAKE) -f bench/Makefile

# Generated code lives in lib/generated/ and is committed; this regenerates it from tools/
# and data/ (tests/cli/generated.sh fails when the committed file differs).
gazetteer:
	python3 tools/gen_gazetteer.py c lib/generated/gazetteer_data.c

# The learned span-typing model, from the training files in $(NER_DIR)/train (WikiGold, re3d),
# and the feature strings tests/test_ner_model.c expects (they read the gazetteer too).
NER_DIR ?= /work/shared/ner
ner-model:
	python3 tools/train_ner.py --out lib/generated/ner_model_data.c \
	  $(NER_DIR)/train/wikigold.jsonl $(NER_DIR)/train/re3d.jsonl
	python3 tools/train_ner.py --features tests/data/ner_features.txt --write

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
