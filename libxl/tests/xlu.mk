# xlu-dump: libxlutil's `xl create -n` JSON for a configuration file, for
# the comparison with Debian's xl (tests/system/cases/xl-cfg-diff.test).
XLU_DUMP_OBJS := $(XLU_OBJS) $(OB)/lib/basic.pic.o $(OB)/lib/json.pic.o \
	$(OB)/lib/log.pic.o $(OB)/lib/gc.pic.o $(O)/gen/libxl_types.pic.o

$(O)/tests/xlu-dump: tests/xlu_dump.c $(XLU_DUMP_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(XLU_DUMP_OBJS)

CHECK_FAST_EXTRA += $(O)/tests/xlu-dump
