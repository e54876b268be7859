# shmgrade - one non-recursive Makefile (see CONTRIBUTING.md).
#
#   make            build ./shmgrade
#   make check      install what is missing, run the whole test suite
#   make demo       grade the bundled reference solutions as a class (shmgrade
#                   grade), pages and their screenshots in build/demo/
#   make bench      overhead ratios against baselines measured in the same run,
#                   and grade on a class of 200 against bare gcc + bare runs
#   make fuzz       fuzz the YAML loader (FUZZ_SECONDS, default 600); the
#                   fuzzer is built from LIB_SRC by make fuzz-build
#   make install    binary, man page, translations, bash completion and the
#                   exercises as examples under PREFIX (default /usr/local),
#                   staged under DESTDIR if given; make uninstall
#   make package    the Debian package in build/package/, checked by lintian
#   make check-long the long tests, the package build and its contents
#   make lint       cppcheck and clang-tidy findings fail the build
#   make format     clang-format the sources; make format-check fails where one is not
#   DEVELOPER=1     adds -Werror;  SANITIZE=address,undefined  builds with sanitizers

CC ?= cc
B := build
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
DOCDIR ?= $(DATADIR)/doc/shmgrade
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
INSTALL ?= install
PKGS := yaml-0.1 libseccomp jansson
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wno-format-nonliteral
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CPPFLAGS) $(CFLAGS) -I. \
	-DLOCALEDIR='"$(LOCALEDIR)"' \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ifdef DEVELOPER
ALL_CFLAGS += -Werror
endif
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif

# Objects depend on the flags they were built with (as git's GIT-CFLAGS):
# `make SANITIZE=address,undefined check` after a plain build rebuilds all.
FLAGS_STAMP := $(B)/.flags
FLAGS_NOW := $(CC) $(ALL_CFLAGS) $(LDFLAGS)
$(shell mkdir -p $(B); [ "$$(cat $(FLAGS_STAMP) 2>/dev/null)" = '$(FLAGS_NOW)' ] || echo '$(FLAGS_NOW)' >$(FLAGS_STAMP))

LIB_SRC := $(sort $(wildcard util/*.c harness/*.c) $(filter-out graders/cli/main.c,$(wildcard graders/*.c graders/*/*.c)))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_OBJ := $(TEST_SRC:%.c=$(B)/%.o) $(B)/tests/check_main.o
# Programs the tests run: tests/{progs,blind,hostile}/*.c, one binary each.
# A file named *_static.c is linked statically.
PROG_SRC := $(sort $(wildcard tests/progs/*.c tests/blind/*.c tests/hostile/*.c bench/prog_*.c))
PROG_BIN := $(PROG_SRC:%.c=$(B)/%)
# Deployment simulations (tests/sim/*.c): linked with libseccomp.
SIM_BIN := $(patsubst %.c,$(B)/%,$(wildcard tests/sim/*.c))

.PHONY: all deps check check-long demo bench fuzz fuzz-build clean progs lint format format-check install uninstall package pot update-po
# Translations: po/LANG.po -> build/locale/LANG/LC_MESSAGES/shmgrade.mo
MO := $(patsubst po/%.po,$(B)/locale/%/LC_MESSAGES/shmgrade.mo,$(wildcard po/*.po))
all: shmgrade $(MO)

$(B)/locale/%/LC_MESSAGES/shmgrade.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

deps:
	@tools/deps.sh build

shmgrade: $(B)/graders/cli/main.o $(B)/libshmgrade.a
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LIBS)

$(B)/libshmgrade.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The test runner: every tests/test_*.c defines Suite *NAME_suite(void).
$(B)/tests/suites.inc: $(TEST_SRC)
	@mkdir -p $(@D)
	@sed -n 's/^Suite \*\([a-z0-9_]*\)_suite(void)$$/SUITE(\1)/p' $^ >$@.tmp && mv $@.tmp $@
$(B)/tests/check_main.o: tests/check_main.c $(B)/tests/suites.inc $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(B)/tests $$(pkg-config --cflags check) -c -o $@ $<
$(B)/tests/test_%.o: tests/test_%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $$(pkg-config --cflags check) -MMD -MP -c -o $@ $<
$(B)/tests/check_shmgrade: $(TEST_OBJ) $(B)/libshmgrade.a
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LIBS) $$(pkg-config --libs check)

$(B)/tests/sim/%: tests/sim/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBS)
$(B)/tests/%_static: tests/%_static.c
	@mkdir -p $(@D)
	$(CC) -O1 -g -static -o $@ $< -lpthread
$(B)/tests/%: tests/%.c
	@mkdir -p $(@D)
	$(CC) -O1 -g -D_GNU_SOURCE -o $@ $< -lpthread
$(B)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) -O2 -D_GNU_SOURCE -o $@ $< -lpthread
progs: $(PROG_BIN) $(SIM_BIN)

check:
	@tools/deps.sh check
	@$(MAKE) --no-print-directory all $(B)/tests/check_shmgrade progs
	tools/run-tests.sh

# Longer and repeated tests, not part of `make check`: the traced/untraced
# comparison over the whole matrix, then the Debian package (build, lintian,
# contents) and the Gradescope autograder's setup.sh built from source, the
# racy mutants graded 20 times, the solutions 100 (tools/race_rates.sh), and
# the perturbed exercises under the two locales make check leaves them out
# of (tools/run-tests.sh).
check-long:
	@tools/deps.sh package
	@$(MAKE) --no-print-directory all progs
	FAITHFUL_ALL=1 bash tests/cli/faithful.sh || [ $$? -eq 77 ]
	bash tests/cli/modes.sh --full
	REQUIRE_BROWSER=1 bash tests/cli/html_browser.sh
	REQUIRE_PARALLEL=1 bash tests/cli/grade_parallel.sh
	tools/package.sh --test
	tools/race_rates.sh --strict
	tools/replay_rate.sh --strict $$(for m in no-sem protected-in-one-child no-wait semget-in-child \
		no-full-wait read-after-release sem-undo one-wait; do echo --sub mutant-$$m.c; done)
	for l in C.UTF-8 C; do LC_ALL=$$l LANG=$$l ./shmgrade validate -q \
		$$(grep -l '^ *schedule: *perturb' exercises/*.yaml) || exit 1; done

# The translations' template and catalogues (tools/po.sh): make pot writes
# po/shmgrade.pot from the sources; make update-po merges each po/LANG.po
# with it (new messages come in untranslated). tests/cli/po.sh fails while
# one has no translation.
pot:
	tools/po.sh pot
update-po:
	tools/po.sh update

demo:
	@tools/deps.sh demo
	@$(MAKE) --no-print-directory all
	tools/demo.sh

bench:
	@tools/deps.sh bench
	@$(MAKE) --no-print-directory shmgrade progs
	tools/bench.sh
	tools/bench_grade.sh
	tools/bench_perturb.sh

fuzz:
	@tools/deps.sh fuzz
	tools/fuzz.sh

# The fuzzer's build (tools/fuzz.sh): LIB_SRC compiled by clang with
# libFuzzer's instrumentation and ASan + UBSan in $(B)/fuzz/ (B= keeps its
# objects apart from the normal build's), linked with tests/fuzz/fuzz_yaml.c.
FUZZ_CC ?= clang
FUZZ_SAN := address,undefined
fuzz-build:
	@$(MAKE) --no-print-directory B=$(B)/fuzz CC=$(FUZZ_CC) \
		CFLAGS='-g -O1 -fno-sanitize-recover=undefined' \
		SANITIZE=fuzzer-no-link,$(FUZZ_SAN) $(B)/fuzz/libshmgrade.a
	$(FUZZ_CC) -g -O1 -std=c11 -D_GNU_SOURCE -I. -fsanitize=fuzzer,$(FUZZ_SAN) \
		-fno-sanitize-recover=undefined -fno-omit-frame-pointer \
		-o $(B)/fuzz/fuzz_yaml tests/fuzz/fuzz_yaml.c $(B)/fuzz/libshmgrade.a $(LIBS)

# The binary finds its catalogues beside itself (build/locale here,
# ../share/locale once installed; see graders/report/i18n.h), LOCALEDIR otherwise.
install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(DOCDIR)/examples/exercises
	$(INSTALL) -m 755 shmgrade $(DESTDIR)$(BINDIR)/shmgrade
	$(INSTALL) -m 644 doc/shmgrade.1 $(DESTDIR)$(MANDIR)/man1/shmgrade.1
	$(INSTALL) -m 644 doc/shmgrade.bash-completion $(DESTDIR)$(BASHCOMPDIR)/shmgrade
	$(INSTALL) -m 644 exercises/*.yaml $(DESTDIR)$(DOCDIR)/examples/exercises/
	set -e; for mo in $(MO); do \
		lang=$${mo#$(B)/locale/}; lang=$${lang%%/*}; \
		$(INSTALL) -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES; \
		$(INSTALL) -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/shmgrade.mo; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/shmgrade $(DESTDIR)$(MANDIR)/man1/shmgrade.1 \
		$(DESTDIR)$(BASHCOMPDIR)/shmgrade
	rm -f $(patsubst po/%.po,$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/shmgrade.mo,$(wildcard po/*.po))
	rm -f $(patsubst %,$(DESTDIR)$(DOCDIR)/examples/%,$(wildcard exercises/*.yaml))
	-rmdir $(DESTDIR)$(DOCDIR)/examples/exercises $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null

# The Debian package (debian/), built from a clean copy of the tree into
# $(B)/package/; lintian must report no errors.
package:
	@tools/deps.sh package
	tools/package.sh

# Static analysis; any finding fails (doc/style.md, "Gates"). cppcheck's
# warning/performance/portability classes, then clang-tidy with the checks
# listed and justified in .clang-tidy, two files at a time. Silence a false
# positive on its line: // cppcheck-suppress id, /* NOLINT(check): why */.
LINT_DIRS := $(wildcard harness graders util)
LINT_SRC = $(sort $(LIB_SRC) graders/cli/main.c $(wildcard util/*.c))
TIDY_FLAGS := -std=c11 -D_GNU_SOURCE -I. $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
lint:
	@tools/deps.sh lint
	cppcheck --quiet --error-exitcode=1 --inline-suppr --std=c11 -I. \
		--enable=warning,performance,portability \
		--template='{file}:{line}: {severity}: {message} [{id}]' $(LINT_DIRS)
	printf '%s\n' $(LINT_SRC) | xargs -P2 -n6 sh -c \
		'clang-tidy --quiet "$$@" -- $(TIDY_FLAGS) 2>/dev/null' clang-tidy

# The C sources clang-format keeps in the house style (.clang-format).
FORMAT_SRC = $(sort $(wildcard util/*.[ch] harness/*.[ch] graders/*/*.[ch] tests/*.[ch] tests/*/*.c bench/*.c))
format:
	clang-format -i $(FORMAT_SRC)

# Fails, naming each line, where a source is not formatted (CI runs it).
format-check:
	clang-format --dry-run --Werror $(FORMAT_SRC)

clean:
	rm -rf $(B) shmgrade

# make print-VAR prints a variable (make print-LIB_SRC).
print-%:
	@echo $($*)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
