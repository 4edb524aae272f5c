# Source compatibility: a program naming LIBXL_API_VERSION 0x010000 (the
# first) builds against libxl.h with the LIBXL_HAVE_* macros of what it
# uses; one naming a newer version than this libxl is refused at compile
# time with libxl.h's message.
check-extra::
	@printf '%s\n' '#define LIBXL_API_VERSION 0x010000' '#include "libxl.h"' \
		'#ifndef LIBXL_HAVE_PLUGINS' '#error no LIBXL_HAVE_PLUGINS' '#endif' \
		'int main(void) { libxl_ctx *c; return libxl_ctx_alloc(&c, LIBXL_VERSION, 0, NULL); }' \
		| $(CC) $(CPPFLAGS) -fsyntax-only -x c - \
		&& echo "PASS: unit/libxl/api-version-first" \
		|| { echo "FAIL: unit/libxl/api-version-first"; exit 1; }
	@out=$$(printf '%s\n' '#define LIBXL_API_VERSION 0x020000' '#include "libxl.h"' \
		| $(CC) $(CPPFLAGS) -fsyntax-only -x c - 2>&1); \
	case "$$out" in *"LIBXL_API_VERSION is newer than this libxl"*) \
		echo "PASS: unit/libxl/api-version-newer";; \
	*) echo "FAIL: unit/libxl/api-version-newer: $$out"; exit 1;; esac
