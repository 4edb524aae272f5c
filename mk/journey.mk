# SPDX-License-Identifier: GPL-2.0-only
# The local apt repository and the administrator's journey (tests/journey/).
#
#   make repo      Xenith's packages (make deb) and the Debian packages they
#                  need that a plain Debian 12 server lacks, as a flat apt
#                  repository in build/out/repo (Packages, Release), for
#                  `deb [trusted=yes] file:/.../build/out/repo ./` or http
#   make journey   tests/journey/run install-journey on Xen 4.17 and Xenith,
#                  printing each stage with its time (JOURNEY_FW=bios|uefi|both,
#                  JOURNEY_HV=xen417|xenith|both, JOURNEY_CASE=remove-journey)

JOURNEY_FW ?= bios
JOURNEY_HV ?= both
JOURNEY_CASE ?= install-journey

repo: deb
	@tests/journey/mkimage.sh >/dev/null
	@tests/journey/mkrepo.sh xenith

journey: deps
	@$(MAKE) --no-print-directory all
	@DEB_BUILD_OPTIONS=nocheck scripts/build-deb.sh
	@tests/journey/run --hv $(JOURNEY_HV) --firmware $(JOURNEY_FW) $(JOURNEY_CASE)
