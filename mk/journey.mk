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
#   make check-journey
#                  the journeys meant for a full check, each bounded by
#                  JOURNEY_LIMIT seconds: install-journey on Xen 4.17 and
#                  Xenith and remove-journey on Xenith (BIOS); the image
#                  is built once into $XENITH_CACHE/journey and reused

JOURNEY_FW ?= bios
JOURNEY_HV ?= both
JOURNEY_CASE ?= install-journey
JOURNEY_LIMIT ?= 2400

.PHONY: check-journey

repo: deb
	@tests/journey/mkimage.sh >/dev/null
	@tests/journey/mkrepo.sh xenith

journey: deps
	@$(MAKE) --no-print-directory all
	@DEB_BUILD_OPTIONS=nocheck scripts/build-deb.sh
	@tests/journey/run --hv $(JOURNEY_HV) --firmware $(JOURNEY_FW) $(JOURNEY_CASE)

check-journey: deps
	@$(MAKE) --no-print-directory all
	@DEB_BUILD_OPTIONS=nocheck scripts/build-deb.sh
	@status=0; \
	tests/journey/run --limit $(JOURNEY_LIMIT) --hv both --firmware bios install-journey || status=1; \
	tests/journey/run --limit $(JOURNEY_LIMIT) --hv xenith --firmware bios remove-journey || status=1; \
	exit $$status
