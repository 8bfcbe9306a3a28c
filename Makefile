# chkc — the checklist compiler.  GNU make.
#
#   make              build ./chkc and compile the example content into out/
#   make check        build and run every test
#   make check-asan   the same under AddressSanitizer + UBSan (leaks included)
#   make counts       rewrite tests/counts (checks per test producer)
#   make install      PREFIX=/usr/local DESTDIR=
#   make bench        the benchmark (never part of check)
#   make bench-report the archive's report on 10,000 runs (bench/report.sh)
#   make deps         install the Debian packages that are missing

PREFIX	?= /usr/local
DESTDIR	?=
CC	?= cc
BUILD	?= build

PKGS	 = yaml-0.1 libcmark-gfm libzip libcrypto libpcre2-8 libmicrohttpd \
	   libdeflate
DEPS_BUILD = gcc make pkg-config libyaml-dev libcmark-gfm-dev \
	libcmark-gfm-extensions-dev libzip-dev libhpdf-dev libssl-dev \
	libpcre2-dev fonts-dejavu-core fonts-wqy-zenhei fonts-ipafont-gothic \
	fonts-symbola
DEPS_TEST = python3 poppler-utils qpdf unzip cmark-gfm openssh-client
# chkc serve (libmicrohttpd); its tests (curl), the progress line's
# (script from util-linux), chkc init's (python3-yaml reads the CI
# files), completion's (the shells).
DEPS_BUILD += libmicrohttpd-dev
# The PDF's streams and the bundles' entries are deflated by libdeflate
# (src/deflate.c).
DEPS_BUILD += libdeflate-dev
DEPS_TEST += curl util-linux python3-yaml zsh fish
# The staging suite counts a build's system calls (strace).
DEPS_TEST += strace
DEPS_FILE = $(BUILD)/.deps-ok

CFLAGS	?= -O2 -g
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	   -Isrc -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libmicrohttpd is not linked: chkc serve opens it (src/serve/mhd.c) by
# the soname found here, so that no other command pays for loading it
# and the nine libraries it needs at every start.
PKG_LIBS   = $(shell pkg-config --libs \
	     $(filter-out libmicrohttpd libdeflate libzip libcrypto,$(PKGS)) \
	     2>/dev/null)
MHD_SONAME = $(shell objdump -p "$$(pkg-config --variable=libdir \
	     libmicrohttpd)/libmicrohttpd.so" 2>/dev/null | \
	     awk '$$1 == "SONAME" { print $$2 }')
$(BUILD)/src/serve/mhd.o: override CFLAGS += \
	$(if $(MHD_SONAME),-DCHKC_MHD_SONAME='"$(MHD_SONAME)"')
# libdeflate likewise: opened when a PDF or a bundle is first deflated
# (src/deflate.c).
DEFLATE_SONAME = $(shell objdump -p "$$(pkg-config --variable=libdir \
	     libdeflate)/libdeflate.so" 2>/dev/null | \
	     awk '$$1 == "SONAME" { print $$2 }')
$(BUILD)/src/deflate.o: override CFLAGS += \
	$(if $(DEFLATE_SONAME),-DCHKC_DEFLATE_SONAME='"$(DEFLATE_SONAME)"')
# libzip likewise: opened when a bundle is first written or read
# (src/bundle/zip.c), since it needs libcrypto's shared library.
ZIP_SONAME = $(shell objdump -p "$$(pkg-config --variable=libdir \
	     libzip)/libzip.so" 2>/dev/null | \
	     awk '$$1 == "SONAME" { print $$2 }')
$(BUILD)/src/bundle/zip.o: override CFLAGS += \
	$(if $(ZIP_SONAME),-DCHKC_ZIP_SONAME='"$(ZIP_SONAME)"')
# libcrypto from its archive: chkc takes SHA-256 and base64 from it (a
# few KB), and its shared library's 3,400 symbol relocations cost 0.5
# to 0.8 ms at every start of every command.
CRYPTO_A = $(shell pkg-config --variable=libdir libcrypto 2>/dev/null)/libcrypto.a
CRYPTO_LIB = $(if $(wildcard $(CRYPTO_A)),$(CRYPTO_A),-lcrypto)
LDLIBS	+= $(PKG_LIBS) $(CRYPTO_LIB) -lcmark-gfm-extensions -lhpdf -lm -lpthread

# One line per stage (src/<stage>/), in pipeline order.
SRCS_CORE    = src/arena.c src/buf.c src/deflate.c src/diag.c src/dl.c src/file.c src/label.c src/mdtext.c \
	       src/model.c src/sha256.c src/tsv.c src/utf8.c
SRCS_LOAD    = $(sort $(wildcard src/load/*.c))
SRCS_SCHEMA  = $(sort $(wildcard src/schema/*.c))
SRCS_RESOLVE = $(sort $(wildcard src/resolve/*.c))
SRCS_EMIT    = $(sort $(wildcard src/emit/*.c))
SRCS_IMPORT  = $(sort $(wildcard src/import/*.c))
SRCS_RUN     = $(sort $(wildcard src/run/*.c))
SRCS_BUNDLE  = $(sort $(wildcard src/bundle/*.c))
SRCS_ARCHIVE = $(sort $(wildcard src/archive/*.c))
SRCS_SIGN    = $(sort $(wildcard src/sign/*.c))
SRCS_CACHE   = $(sort $(wildcard src/cache/*.c))
SRCS_SERVE   = $(sort $(wildcard src/serve/*.c))
SRCS_CLI     = $(sort $(wildcard src/cli/*.c))
LIB_SRCS = $(SRCS_CORE) $(SRCS_LOAD) $(SRCS_SCHEMA) $(SRCS_RESOLVE) \
	   $(SRCS_EMIT) $(SRCS_IMPORT) $(SRCS_RUN) $(SRCS_SIGN) $(SRCS_BUNDLE) \
	   $(SRCS_ARCHIVE) $(SRCS_CACHE) $(SRCS_SERVE) \
	   $(filter-out src/cli/main.c,$(SRCS_CLI))
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o) $(SCHEMA_EMBED_OBJ) \
	   $(SCHEMA_TREE_OBJ) $(HTML_ASSETS_OBJ) $(INIT_EMBED_OBJ)
MAIN_OBJ = $(BUILD)/src/cli/main.o

# The JSON Schemas of schemas/ embedded in the binary (issue 4): a C file
# generated under $(BUILD)/ by src/schema/embed.sh (sh + od), so that an
# installed chkc carries its own schemas.  Rules below the object rule.
SCHEMA_JSON = $(sort $(wildcard schemas/*.json schemas/meta/*.json))
SCHEMA_EMBED_OBJ = $(BUILD)/schemas_embed.o
# ... and their node trees, made at build time by a tool linked with the
# loader (src/schema/gen/), so that chkc does not parse them at start.
SCHEMA_TREE_OBJ = $(BUILD)/schemas_tree.o
SCHEMA_TREE_GEN = $(BUILD)/schema_tree
SCHEMA_TREE_DEPS = $(BUILD)/src/arena.o $(BUILD)/src/buf.o \
		   $(BUILD)/src/diag.o $(BUILD)/src/file.o $(BUILD)/src/utf8.o \
		   $(SRCS_LOAD:%.c=$(BUILD)/%.o)

# The HTML page's style and script (the HTML emitters): real files, so
# they can be read, linted and `node --check`ed, turned into C strings
# emit_asset_<file name, dots as underscores> in a file generated under
# $(BUILD)/ with sh + od(1) (xxd may be absent).  Rules below.
HTML_ASSETS = src/emit/html_page.css src/emit/html_page.js \
	      src/emit/html_site.css src/serve/serve_reload.js
HTML_ASSETS_OBJ = $(BUILD)/html_assets.o
# The project chkc init writes (src/cli/init/), embedded as the schemas
# are: arrays init_embed_names, _data and _sizes.
INIT_FILES = $(sort $(wildcard src/cli/init/*))
INIT_EMBED_OBJ = $(BUILD)/init_embed.o
UNIT_SRCS = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps check check-asan unit install clean regen counts bench bench-report site

all: chkc site

chkc: $(BUILD)/chkc
	cp $(BUILD)/chkc chkc

$(DEPS_FILE):
	@sh tests/deps.sh $(DEPS_BUILD)
	@mkdir -p $(BUILD) && touch $@

deps:
	@sh tests/deps.sh $(DEPS_BUILD) $(DEPS_TEST)

$(BUILD)/chkc: $(LIB_OBJS) $(MAIN_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(LIB_OBJS) $(MAIN_OBJ) $(LDLIBS)

$(BUILD)/%.o: %.c | $(DEPS_FILE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# The embedded schemas (issue 4; variables above, next to LIB_OBJS).
$(BUILD)/schemas_embed.c: $(SCHEMA_JSON) src/schema/embed.sh
	@mkdir -p $(dir $@)
	sh src/schema/embed.sh $(SCHEMA_JSON) > $@.tmp && mv $@.tmp $@
$(SCHEMA_EMBED_OBJ): $(BUILD)/schemas_embed.c
	$(CC) $(CFLAGS) -c -o $@ $(BUILD)/schemas_embed.c
$(SCHEMA_TREE_GEN): src/schema/gen/schema_tree.c $(SCHEMA_TREE_DEPS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ src/schema/gen/schema_tree.c \
	    $(SCHEMA_TREE_DEPS) -lyaml -lm
$(BUILD)/schemas_tree.c: $(SCHEMA_TREE_GEN) $(SCHEMA_JSON)
	$(SCHEMA_TREE_GEN) $(SCHEMA_JSON) > $@.tmp && mv $@.tmp $@
$(SCHEMA_TREE_OBJ): $(BUILD)/schemas_tree.c
	$(CC) $(CFLAGS) -c -o $@ $(BUILD)/schemas_tree.c

# chkc init's project (variables above, next to LIB_OBJS).
$(BUILD)/init_embed.c: $(INIT_FILES) src/schema/embed.sh
	@mkdir -p $(dir $@)
	EMBED_PREFIX=init_embed sh src/schema/embed.sh $(INIT_FILES) > $@.tmp && mv $@.tmp $@
$(INIT_EMBED_OBJ): $(BUILD)/init_embed.c
	$(CC) $(CFLAGS) -c -o $@ $(BUILD)/init_embed.c

# The embedded HTML assets (variables above, next to LIB_OBJS).
$(BUILD)/html_assets.c: $(HTML_ASSETS)
	@mkdir -p $(dir $@)
	@for f in $(HTML_ASSETS); do \
		n=emit_asset_$$(basename $$f | tr . _); \
		printf 'extern const char %s[];\nconst char %s[] = ""\n' $$n $$n; \
		od -An -v -to1 $$f | sed 's/ *\([0-7][0-7]*\)/\\\1/g; s/.*/"&"/'; \
		printf ';\n'; \
	done > $@.tmp && mv $@.tmp $@
$(HTML_ASSETS_OBJ): $(BUILD)/html_assets.c
	$(CC) $(CFLAGS) -c -o $@ $(BUILD)/html_assets.c

$(BUILD)/tests/test_%: tests/unit/test_%.c tests/unit/harness.h $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJS) $(LDLIBS)

# A unit binary that crashes on purpose: tests/suites/runner.sh proves
# the runner with it.
RUNNER_FIXTURE = $(BUILD)/tests/runner/crash_unit
$(RUNNER_FIXTURE): tests/runner/crash_unit.c tests/unit/harness.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ tests/runner/crash_unit.c

# chkc as it runs where libdeflate cannot be loaded (its soname one that
# does not exist): tests/suites/nodeflate.sh proves that it still makes
# PDFs and bundles, deflated by libharu's and libzip's zlib.
NODEFLATE = $(BUILD)/tests/chkc-nodeflate
$(BUILD)/tests/deflate-absent.o: src/deflate.c | $(DEPS_FILE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) \
	    -DCHKC_DEFLATE_SONAME='"libchkc-absent.so.0"' -c -o $@ src/deflate.c
$(NODEFLATE): $(filter-out $(BUILD)/src/deflate.o,$(LIB_OBJS)) $(MAIN_OBJ) \
	    $(BUILD)/tests/deflate-absent.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The example content: every project in content/ into out/.
site: chkc
	./chkc build -q -o out

unit: $(UNIT_BINS) $(RUNNER_FIXTURE) $(NODEFLATE)

check: chkc $(UNIT_BINS) $(RUNNER_FIXTURE) $(NODEFLATE)
	@sh tests/deps.sh $(DEPS_TEST)
	@BUILD=$(BUILD) CHKC=$(BUILD)/chkc sh tests/run.sh

check-asan:
	$(MAKE) BUILD=build-asan \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" build-asan/chkc unit-asan
	@sh tests/deps.sh $(DEPS_TEST)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    BUILD=build-asan CHKC=build-asan/chkc sh tests/run.sh

unit-asan: $(UNIT_BINS) $(RUNNER_FIXTURE) $(NODEFLATE)

regen: chkc
	@REGEN=1 BUILD=$(BUILD) CHKC=$(BUILD)/chkc sh tests/run.sh golden

# Rewrite tests/counts, the number of checks each producer runs, from a
# full run with nothing failed or skipped; review the diff.
counts: chkc $(UNIT_BINS) $(RUNNER_FIXTURE) $(NODEFLATE)
	@COUNTS=write BUILD=$(BUILD) CHKC=$(BUILD)/chkc sh tests/run.sh

bench: chkc
	sh bench/run.sh

bench-report: chkc
	sh bench/report.sh

install: chkc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 chkc $(DESTDIR)$(PREFIX)/bin/chkc
	install -m 644 doc/chkc.1 $(DESTDIR)$(PREFIX)/share/man/man1/chkc.1

clean:
	rm -rf build build-asan build-* out chkc

# ------------------------------------------------------------------
# Fuzzing, replays and lint (issue 11).  One harness per parser,
# tests/fuzz/fuzz_<h>.c, each an LLVMFuzzerTestOneInput() (tests/fuzz/fuzz.h).
#
#   make fuzz          clang + libFuzzer + ASan/UBSan in build-fuzz/: every
#                      harness for FUZZ_SECONDS (default 60) from its seeds in
#                      tests/fuzz/corpus/<h>/ with tests/fuzz/chkc.dict; new
#                      inputs go to build-fuzz/corpus/<h>/, crashes, leaks,
#                      timeouts and OOMs to build-fuzz/findings/<h>/ (copy
#                      one to tests/fuzz/regress/<h>/ once it is fixed)
#   make unit, check   also build $(BUILD)/tests/fuzz_replay_<h>: the harness
#                      with tests/fuzz/replay.c instead of libFuzzer, which
#                      tests/suites/fuzz_replay.sh runs over the corpus and
#                      the reproducers (any compiler; ASan in check-asan)
#   make lint          gcc -fanalyzer over src/ (warnings are errors)
FUZZ_HARNESSES = $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(filter-out \
		 tests/fuzz/fuzz_common.c,$(wildcard tests/fuzz/fuzz_*.c))))
FUZZ_REPLAY    = $(FUZZ_HARNESSES:%=$(BUILD)/tests/fuzz_replay_%)
FUZZ_COMMON    = tests/fuzz/fuzz_common.c
# The stages the harnesses drive: not the CLI, signing, bundles, the
# archive or the server.
FUZZ_OBJS      = $(filter-out $(BUILD)/src/cli/% $(BUILD)/src/bundle/% \
		 $(BUILD)/src/archive/% $(BUILD)/src/sign/% \
		 $(BUILD)/src/serve/%,$(LIB_OBJS))
FUZZ_SECONDS  ?= 60
FUZZ_FLAGS    ?= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_CFLAGS    = -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all \
		 -fsanitize=fuzzer-no-link,address,undefined

.PHONY: fuzz fuzz-build lint

unit unit-asan check: $(FUZZ_REPLAY)

$(BUILD)/tests/fuzz_replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
    $(FUZZ_COMMON) tests/fuzz/fuzz.h $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/fuzz -o $@ $< \
	    tests/fuzz/replay.c $(FUZZ_COMMON) $(FUZZ_OBJS) $(LDLIBS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) tests/fuzz/fuzz.h \
    $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< \
	    $(FUZZ_COMMON) $(FUZZ_OBJS) $(LDLIBS)

fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
	    $(FUZZ_HARNESSES:%=build-fuzz/fuzz/fuzz_%)

fuzz: fuzz-build
	@for h in $(FUZZ_HARNESSES); do \
		mkdir -p build-fuzz/corpus/$$h build-fuzz/findings/$$h; \
		echo "fuzz_$$h: $(FUZZ_SECONDS) s"; \
		build-fuzz/fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) \
		    $(FUZZ_FLAGS) -dict=tests/fuzz/chkc.dict \
		    -artifact_prefix=build-fuzz/findings/$$h/ \
		    build-fuzz/corpus/$$h tests/fuzz/corpus/$$h || exit 1; \
	done

# Known false positives of gcc 12: free(NULL) of two pointers
# initialised to NULL taken for a double free (src/archive/add.c,
# commit()); the address dlsym() returned, copied into a table of
# function pointers, taken for an uninitialised value (src/dl.c, for
# the libraries chkc opens itself).
lint: $(DEPS_FILE)
	@rc=0; for f in $(LIB_SRCS) src/cli/main.c; do \
		case $$f in \
		src/archive/add.c) x=-Wno-analyzer-double-free ;; \
		src/dl.c) \
		    x=-Wno-analyzer-use-of-uninitialized-value ;; \
		*) x= ;; \
		esac; \
		gcc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
		    -fanalyzer $$x -Isrc $(PKG_CFLAGS) -c -o /dev/null $$f || rc=1; \
	done; \
	[ $$rc -eq 0 ] && echo "lint: gcc -fanalyzer: no warnings"; exit $$rc

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(SCHEMA_TREE_GEN).d \
	 $(BUILD)/tests/deflate-absent.d
