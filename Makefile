# SPDX-License-Identifier: GPL-3.0-or-later
# make run   - install what is missing, build, open the GUI on the demo case
# make test  - install what is missing, build, run the whole test suite
BUILD_DIR   ?= build
BUILD_TYPE  ?= Release
PREFIX      ?= /usr/local
JOBS        ?= $(shell nproc)
DEMO_DIR    ?= $(BUILD_DIR)/demo
STAMP       := $(BUILD_DIR)/.deps-installed

.PHONY: all deps configure build run test install clean demo sanitize fuzz screenshots kill-test

all: build

# Re-checked when the package list changes; dpkg-query keeps the check itself fast.
$(STAMP): scripts/install-deps.sh
	@sh scripts/install-deps.sh
	@mkdir -p $(BUILD_DIR) && touch $@

deps: $(STAMP)

$(BUILD_DIR)/build.ninja: $(STAMP) CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_EXTRA)

configure: $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@if [ -x $(BUILD_DIR)/bin/lineage-cli ] && $(BUILD_DIR)/bin/lineage-cli demo --help >/dev/null 2>&1; then \
	    [ -f $(DEMO_DIR)/demo.lineage ] || $(BUILD_DIR)/bin/lineage-cli demo $(DEMO_DIR); \
	fi

run: demo
	@if [ -f $(DEMO_DIR)/demo.lineage ]; then \
	    $(BUILD_DIR)/bin/lineage $(DEMO_DIR)/demo.lineage; \
	else \
	    $(BUILD_DIR)/bin/lineage; \
	fi

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The SIGKILL test at full length: KILLS kills (default 100) at random moments of an import,
# bulk tag, index build, analysis and export; the suite runs 10 of them.
KILLS ?= 100
kill-test: build
	cd $(BUILD_DIR) && LINEAGE_KILL_TESTS=$(KILLS) QTEST_FUNCTION_TIMEOUT=7200000 ./tests/tst_case_kills

install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

sanitize:
	$(MAKE) test BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_EXTRA=-DLINEAGE_SANITIZE=ON

clean:
	rm -rf $(BUILD_DIR)

# libFuzzer harnesses of every parser (clang, ASan+UBSan), SECONDS each (default 60), or until
# RUNS executions each with SECONDS as the cap (make fuzz RUNS=1000000 SECONDS=900).
SECONDS_EACH := $(if $(SECONDS),$(SECONDS),60)
FUZZ_DIR ?= build-fuzz
fuzz: build
	@command -v clang++ >/dev/null && [ -n "$$(find /usr/lib/llvm-* -name 'libclang_rt.fuzzer*' 2>/dev/null | head -1)" ] || LINEAGE_EXTRA_PACKAGES="clang libclang-rt-dev" sh scripts/install-deps.sh
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DLINEAGE_FUZZ=ON -DLINEAGE_SANITIZE=ON -DLINEAGE_WERROR=OFF -DLINEAGE_BUILD_TESTS=OFF -DLINEAGE_BUILD_BENCH=OFF
	cmake --build $(FUZZ_DIR) -j $(JOBS)
	LINEAGE_CLI=$(BUILD_DIR)/bin/lineage-cli sh fuzz/run_fuzz.sh $(FUZZ_DIR) $(SECONDS_EACH) $(RUNS)

# PNGs of the evidence views on the demo case (and kinship on the development set, when
# ../shared/data/alpacaeval-dev is there) into docs/screenshots, offscreen.
SHOTS_DIR ?= $(BUILD_DIR)/screens
screenshots: build
	cmake --build $(BUILD_DIR) -j $(JOBS) --target lineage-screenshots
	@[ -f $(SHOTS_DIR)/demo.lineage ] || $(BUILD_DIR)/bin/lineage-cli demo $(SHOTS_DIR)
	@mkdir -p docs/screenshots $(SHOTS_DIR)/config/Lineage
	@[ -f $(SHOTS_DIR)/config/Lineage/Lineage.conf ] || printf '[investigator]\nname=A. Examiner\n' > $(SHOTS_DIR)/config/Lineage/Lineage.conf
	QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$(abspath $(SHOTS_DIR)/config) \
	    $(BUILD_DIR)/bin/lineage-screenshots $(SHOTS_DIR)/demo.lineage docs/screenshots ../shared/data/alpacaeval-dev
