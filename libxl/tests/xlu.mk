# xlu-dump: libxlutil's `xl create -n` JSON for a configuration file, for
# the comparison with Debian's xl (tests/system/cases/xl-cfg-diff.test).
XLU_DUMP_OBJS := $(XLU_OBJS) $(OB)/lib/basic.pic.o $(OB)/lib/json.pic.o $(OB)/lib/json_parse.pic.o \
	$(OB)/lib/log.pic.o $(OB)/lib/gc.pic.o $(O)/gen/libxl_types.pic.o

$(O)/tests/xlu-dump: tests/xlu_dump.c $(XLU_DUMP_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(XLU_DUMP_OBJS)

CHECK_FAST_EXTRA += $(O)/tests/xlu-dump

# xl.cfg(5) and xl.conf(5) format without groff warnings, and xl.cfg(5)
# names every key libxlutil knows.
check-extra:: $(O)/tests/xlu-dump
	@ok=1; for m in man/xl.cfg.5 man/xl.conf.5; do \
		w=$$(groff -man -Tutf8 -ww -z $$m 2>&1); \
		[ -z "$$w" ] || { echo "$$m: $$w"; ok=0; }; \
	done; \
	groff -man -Tascii -rLL=250n -rHY=0 -P-cbou man/xl.cfg.5 2>/dev/null \
		>$(O)/tests/xl.cfg.txt; \
	for k in $$($(O)/tests/xlu-dump --keys); do \
		grep -qw -- "$$k" $(O)/tests/xl.cfg.txt || \
			{ echo "xl.cfg.5 does not name '$$k'"; ok=0; }; \
	done; \
	if [ $$ok = 1 ]; then echo "PASS: unit/libxl/xlu-man"; \
	else echo "FAIL: unit/libxl/xlu-man"; exit 1; fi
