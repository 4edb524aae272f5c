# The type generator: several IDL files (the project's between two test
# ones, so libxl.h's headers find every type) with types used before they
# are defined (output in dependency order, compiled with -Werror), and the
# messages for an unknown type, a cycle and a malformed enumeration.
IDLT := $(O)/idltest

check-extra::
	@rm -rf $(IDLT); mkdir -p $(IDLT); ok=1; \
	python3 idl/gentypes.py --out $(IDLT) tests/idl/uses.idl $(IDL) \
		tests/idl/deps.idl || ok=0; \
	$(CC) -I$(IDLT) $(CPPFLAGS) $(CFLAGS) -Werror -c -o $(IDLT)/t.o \
		$(IDLT)/libxl_types.c || ok=0; \
	grep -q 'LIBXL_EXPORT void libxl_t_outer_init_kind(libxl_t_outer \*p, libxl_t_mode kind);' \
		$(IDLT)/libxl_types.h || ok=0; \
	for c in "unknown:tests/idl/unknown.idl:2: unknown type libxl_t_nope" \
		"cycle:types depend on each other: libxl_t_p -> libxl_t_q -> libxl_t_p" \
		"badnum:tests/idl/badnum.idl:3: expected a number, found 'two'"; do \
		f=$${c%%:*}; want="gentypes: $${c#*:}"; \
		got=$$(python3 idl/gentypes.py --out $(IDLT)/bad tests/idl/$$f.idl 2>&1 \
			&& echo accepted); \
		[ "$$got" = "$$want" ] || { echo "$$f: got '$$got'"; ok=0; }; \
	done; \
	if [ $$ok = 1 ]; then echo "PASS: unit/libxl/gentypes"; \
	else echo "FAIL: unit/libxl/gentypes"; exit 1; fi
