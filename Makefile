# Thin driver over CMake: the verbs the README promises.
#   make            build build/lookout and the library (release)
#   make test       install deps, build with ASan+UBSan and -Werror, run ctest
#   make run        install deps, build, load the lists from $LOOKOUT_DATA/lists and start the server
#   make bench      build and run the benchmarks (docs/BENCHMARKS.md)
#   make soak       the kill -9 crash tests with 200 kills each (LOOKOUT_CRASH_ROUNDS)
#   make fuzz-smoke build the libFuzzer targets with clang and run each for 30 s
#   make install    install the CLI, the library, headers and pkg-config file (PREFIX=/usr/local)

LOOKOUT_DATA ?= $(abspath ../shared/data)
LOOKOUT_DB   ?= ./lookout.db
PREFIX       ?= /usr/local
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
export LOOKOUT_DATA LOOKOUT_DB

.PHONY: all build deps test soak run bench eval fuzz fuzz-smoke install clean

all: build

deps:
	@scripts/install-deps.sh

build:
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLOOKOUT_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build build -j $(JOBS)

test: deps
	cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DLOOKOUT_ASAN=ON -DLOOKOUT_WERROR=ON -DLOOKOUT_BUILD_TESTS=ON
	cmake --build build/asan -j $(JOBS)
	cd build/asan && ctest --output-on-failure -j $(JOBS)

soak: deps
	cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DLOOKOUT_ASAN=ON -DLOOKOUT_WERROR=ON -DLOOKOUT_BUILD_TESTS=ON
	cmake --build build/asan -j $(JOBS)
	@# every *_test_*crash* binary, run directly: ctest's per-test timeout is too short for 200 kills
	cd build/asan && for t in *_test_*crash*; do [ -x "$$t" ] || continue; echo "== $$t"; \
	  LOOKOUT_CRASH_ROUNDS=$${LOOKOUT_CRASH_ROUNDS:-200} LOOKOUT_BIN=$$PWD/lookout \
	  LOOKOUT_FIXTURES=$(CURDIR)/tests/fixtures ./$$t || exit 1; done

run: deps build
	@scripts/run.sh

bench: deps build
	@bench/run.sh

eval: deps build
	@build/eval --out docs/EVALUATION.md --commit "$$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	@build/ais_conformance >> docs/EVALUATION.md

fuzz:
	@scripts/install-deps.sh --fuzz
	CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOOKOUT_FUZZ=ON -DLOOKOUT_BUILD_TESTS=OFF -DLOOKOUT_BUILD_BENCH=OFF
	cmake --build build/fuzz -j $(JOBS)

fuzz-smoke: fuzz
	@fuzz/smoke.sh build/fuzz 30

install: build
	cmake --install build

clean:
	rm -rf build
