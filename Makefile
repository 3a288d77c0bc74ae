# Byline — build, test and set-up.
#
#   make demo    install missing Debian packages, build, index corpus/, run the seed query
#   make check   install missing Debian packages, build, run every test
#   make asan    the same tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make valgrind  the unit tests under valgrind (memcheck)
#   make install PREFIX=/usr/local
#
# The command-line tests also use python3 (JSON checks) and /usr/bin/time (peak memory).
# Every library object is built from lib/*.c and lib/*.cc; every tests/test_*.c is a cmocka
# unit test linked against libbyline.a.  The build tree is build/ (build-asan/ for `make asan`).

PREFIX    ?= /usr/local
BUILD     ?= build
CC        ?= cc
CXX       ?= c++
OPT       ?= -O2 -g
SANITIZE  ?=

DEB_PACKAGES = libxapian-dev xapian-tools libstemmer-dev libutf8proc-dev libjansson-dev \
               zlib1g-dev libcmocka-dev pkg-config python3 time
PKGS = xapian-core libutf8proc jansson zlib

# Recursive (=) so that pkg-config runs only when a recipe needs it, after `deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

WARN      = -Wall -Wextra -Werror
CPPFLAGS += -Iinclude -Ilib -D_GNU_SOURCE
CFLAGS   += -std=c11 $(WARN) $(OPT) $(SANITIZE) -pthread
CXXFLAGS += -std=c++17 $(WARN) $(OPT) $(SANITIZE) -pthread
LDFLAGS  += $(SANITIZE) -pthread

LIB_C    = $(sort $(wildcard lib/*.c))
LIB_CXX  = $(sort $(wildcard lib/*.cc))
LIB_OBJ  = $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o)
INDEXER_OBJ  = $(patsubst %.c,$(BUILD)/%.o,$(wildcard indexer/*.c))
SEARCHER_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(wildcard searcher/*.c))
TEST_SRC = $(sort $(wildcard tests/test_*.c))
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
DEPS_STAMP = $(BUILD)/.deps-ok

PROGRAMS = $(BUILD)/byline-index $(BUILD)/byline-search

.PHONY: all deps demo check unit-tests cli-tests asan valgrind install clean fuzz bench
all: $(BUILD)/libbyline.a $(PROGRAMS)

# Install the Debian packages the build needs, but only those that are absent.
deps: $(DEPS_STAMP)
$(DEPS_STAMP):
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi
	@mkdir -p $(@D) && touch $@

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.cc | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(PKG_CFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libbyline.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The library has one C++ file, so programs link with the C++ driver (libstdc++).
$(BUILD)/byline-index: $(INDEXER_OBJ) $(BUILD)/libbyline.a
	$(CXX) $(LDFLAGS) -o $@ $(INDEXER_OBJ) $(BUILD)/libbyline.a $(PKG_LIBS) -lm

$(BUILD)/byline-search: $(SEARCHER_OBJ) $(BUILD)/libbyline.a
	$(CXX) $(LDFLAGS) -o $@ $(SEARCHER_OBJ) $(BUILD)/libbyline.a $(PKG_LIBS) -lm

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libbyline.a
	$(CXX) $(LDFLAGS) -o $@ $< $(BUILD)/libbyline.a $(PKG_LIBS) $(CMOCKA_LIBS) -lm

unit-tests: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do \
	  echo "== $$t"; $(TEST_WRAPPER) $$t || fail=1; \
	done; exit $$fail

CLI_TESTS = tests/cli/run.sh tests/cli/indexing.sh tests/cli/remote.sh \
            tests/cli/safety.sh
cli-tests: $(PROGRAMS)
	@fail=0; for s in $(CLI_TESTS); do \
	  echo "== $$s"; BUILD=$(BUILD) sh $$s || fail=1; \
	done; exit $$fail

check: all unit-tests cli-tests

# LeakSanitizer: leaks inside libxapian when a write fails are suppressed, narrowly (see
# tests/lsan.supp for what and why).
asan:
	LSAN_OPTIONS="suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0" \
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=undefined" check

valgrind: $(TEST_BIN)
	$(MAKE) TEST_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" unit-tests

demo: all
	@rm -rf $(BUILD)/demo.db
	$(BUILD)/byline-index -d $(BUILD)/demo.db corpus/
	$(BUILD)/byline-search -d $(BUILD)/demo.db --limit 5 defence cooperation Israel India

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/byline
	install -m 755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libbyline.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/byline.h include/xapian_c.h $(DESTDIR)$(PREFIX)/include/byline/

# Fuzz the query parser with libFuzzer (clang) for a bounded time: make fuzz FUZZ_TIME=60.
# The library is built without -Werror here so that a clang-only warning does not stop it.
FUZZ_TIME ?= 60
FUZZ_SAN   = -fsanitize=address,undefined -fno-sanitize-recover=undefined
fuzz: $(DEPS_STAMP)
	$(MAKE) BUILD=build-fuzz CC=clang CXX=clang++ WARN="-Wall -Wextra" \
	  OPT="-O1 -g -fno-omit-frame-pointer" SANITIZE="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	  build-fuzz/libbyline.a
	clang $(CPPFLAGS) $(PKG_CFLAGS) -std=c11 -Wall -Wextra -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
	  -c fuzz/query_fuzz.c -o build-fuzz/query_fuzz.o
	clang++ -fsanitize=fuzzer $(FUZZ_SAN) -o build-fuzz/query_fuzz build-fuzz/query_fuzz.o \
	  build-fuzz/libbyline.a $(PKG_LIBS) -lm
	@mkdir -p build-fuzz/corpus
	build-fuzz/query_fuzz -max_total_time=$(FUZZ_TIME) -max_len=1024 -timeout=10 \
	  -dict=fuzz/query.dict -print_final_stats=1 build-fuzz/corpus fuzz/corpus

# Benchmarks print figures; they are not tests (see bench/README.md).
bench: all
	$(MAKE) -f bench/Makefile

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
