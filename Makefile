# Xenith top-level Makefile: builds every component and runs every test.
#
#   make            build everything (CC=clang for clang, WERROR=1 for -Werror)
#   make demo       install dependencies, build, boot Xenith in QEMU and show it working
#   make check      install dependencies, build, run every test (unit + system)
#   make check-fast host unit tests only
#   make deb / rpm  binary packages into build/packages/
#   make repo       make deb, then a local apt repository of them (build/out/repo)
#   make journey    the administrator's journey (apt install, GRUB, systemd, a
#                   guest from /etc/xen/auto) on Xen 4.17 and Xenith, BIOS
#                   (JOURNEY_FW=uefi|both; make demo JOURNEY=1 runs it instead
#                   of the usual demo)
#   make install DESTDIR=/some/root
#   make deps       install build and test dependencies (idempotent)
#   make bench      benchmarks, Xenith beside Xen 4.17 in one run
#   make format-check

TOP := $(CURDIR)
export TOP

# Components in build order.  Each has a Makefile with the targets
# all, check-fast, install and clean.
COMPONENTS := $(patsubst %/Makefile,%,$(wildcard \
	core/Makefile core/tests/guests/Makefile tools/xenstore/Makefile \
	tools/Makefile libxl/Makefile tools/console/Makefile \
	plugins/Makefile hotplug-scripts/Makefile etc/Makefile docs/Makefile))

.PHONY: all check check-fast check-system demo deb rpm install clean deps \
	repo journey \
	bench format format-check $(COMPONENTS)

all: $(COMPONENTS)

$(COMPONENTS):
	$(MAKE) -C $@ all

deps:
	@scripts/deps.sh

check-fast: all
	@scripts/check.sh fast

check: deps
	@$(MAKE) --no-print-directory all
	@scripts/check.sh full

check-system: all
	@tests/system/run --all

demo: deps
	@$(MAKE) --no-print-directory all
ifeq ($(JOURNEY),)
	@tests/system/demo
else
	@$(MAKE) --no-print-directory journey
endif

include mk/journey.mk

bench: deps
	@$(MAKE) --no-print-directory all
	@scripts/bench.sh

install: all
	@for c in $(COMPONENTS); do \
		$(MAKE) -C $$c install DESTDIR=$(abspath $(DESTDIR)) || exit 1; \
	done

deb: deps
	@scripts/build-deb.sh

rpm: deps
	@scripts/build-rpm.sh

format:
	@scripts/format.sh fix

format-check:
	@scripts/format.sh check

clean:
	@for c in $(COMPONENTS); do $(MAKE) -C $$c clean || exit 1; done
	rm -rf build/out build/packages build/rpm build/system build/pkgsrc \
		build/clang-tree

print-components:
	@echo $(COMPONENTS)
