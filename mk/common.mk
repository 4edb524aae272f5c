# Shared settings for every component Makefile.  Include it with
#   TOP := $(abspath <relative path to the project root>)
#   include $(TOP)/mk/common.mk
#
# CC=gcc (default) or CC=clang; WERROR=1 turns warnings into errors (CI).

CC      ?= gcc
ifeq ($(origin CC),default)
CC      := gcc
endif
AR      ?= ar
PREFIX  ?= /usr
LIBDIR  ?= $(PREFIX)/lib
SBINDIR ?= $(PREFIX)/sbin
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
SYSTEMD_UNITDIR ?= /lib/systemd/system
# systemd's vendor directory for modules-load.d files.
MODULESLOADDIR ?= /usr/lib/modules-load.d
# systemd's vendor presets (which units RPM distributions enable).
PRESETDIR ?= /usr/lib/systemd/system-preset
# Programs run by the units, not by people (xen-init-dom0, xendomains).
LIBEXECDIR ?= $(PREFIX)/libexec/xenith
# libxl's plugins (DESIGN.md, Interfaces 5): a private directory, not
# multiarch, so the path compiled into libxl (the packages build without
# the LIBDIR they install with) is the one the plugins install to.
PLUGINDIR ?= $(PREFIX)/lib/xenith/plugins
DESTDIR ?=

# CI builds treat warnings as errors.
ifeq ($(CI),true)
WERROR  ?= 1
endif

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter -Wformat=2 -Wundef
ifeq ($(WERROR),1)
WARN    += -Werror
endif

# Flags for programs and libraries that run on the host / in dom0.
HOST_CFLAGS ?= -O2 -g -std=gnu11 $(WARN) -D_GNU_SOURCE -fstack-protector-strong
HOST_LDFLAGS ?=

# cmocka unit tests.
CMOCKA_LIBS := -lcmocka

# Run unit test binaries, one verdict line each ("PASS: name" / "FAIL: name").
RUN_UNIT := $(TOP)/scripts/run-unit

.DELETE_ON_ERROR:
