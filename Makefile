# SPDX-License-Identifier: GPL-2.0
# make        build kernel/lvs.ko and tools/lvsadm/lvsadm
# make deps   install missing Debian packages (tests/vm/deps.sh)
# make demo   deps + build, then boot a VM and run tests/demo.sh
# make check  deps + build, then run every selftest in one VM; the last line is the summary
# make selftests  the same without deps and build (TESTS="tests/selftests/test_x.sh ..." picks some)

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
	@tests/selftests/run-all $(TESTS)

selftests:
	@tests/selftests/run-all $(TESTS)

clean:
	$(MAKE) -C kernel clean
	$(MAKE) -C tools/lvsadm clean

.PHONY: all deps build demo check selftests clean
