# SPDX-License-Identifier: GPL-2.0
# make        build kernel/lvs.ko and tools/lvsadm/lvsadm
# make deps   install missing Debian packages (tests/vm/deps.sh)
# make demo   deps + build, then boot a VM and run tests/demo.sh
# make check  deps + build, then tests/check: the selftests on the Debian kernel, then the selftests and
#             the KUnit suites on the debug kernel (built once, cached); the last line is the summary
# make kunit  only the KUnit suites on the debug kernel (tests/kunit/run)
# make selftests  the same without deps and build (TESTS="tests/selftests/test_x.sh ..." picks some)
# make bench  lvs vs ip_vs benchmark in a VM (tests/bench/run, and its packet source tests/bench/inject;
#             BENCH_ARGS=--tiny for a quick one; results in BENCH_OUT, default build/bench-results); not in check

all:
	$(MAKE) -C kernel
	$(MAKE) -C tools/lvsadm

deps:
	@tests/vm/deps.sh

# Build after deps: the headers and libnl come from there.
build: deps
	@$(MAKE) --no-print-directory all

demo: build
	tests/vm/run -- tests/demo.sh

check: build
	@tests/check $(TESTS)

kunit:
	@tests/kunit/run

# The debug test kernel: tens of minutes once, then cached in /var/cache/lvs.
debug-kernel: deps
	tests/vm/build-kernel

selftests:
	@tests/selftests/run-all $(TESTS)

# Results go outside the tracked tree; tests/bench/results keeps only the reference run docs/performance.md cites.
BENCH_OUT ?= build/bench-results
bench: all
	$(MAKE) -C tests/bench/inject
	tests/vm/run --timeout 1800 --out $(BENCH_OUT) -- tests/bench/run $(BENCH_ARGS)

clean:
	$(MAKE) -C kernel clean
	$(MAKE) -C tools/lvsadm clean
	$(MAKE) -C tests/bench/inject clean

.PHONY: all deps build demo check kunit debug-kernel selftests bench clean
