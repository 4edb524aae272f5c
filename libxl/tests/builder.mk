# The hypercall layer's and the PV builder's host tests, and the dom0 smoke
# program of tests/system/cases/toolstack-pvbuild.  They link only ctrl/
# and builder/ objects, so they build before the rest of libxenlight.
BLD_TEST_CFLAGS := $(CPPFLAGS) -Itests $(CFLAGS)
BUILDER_OBJS := $(BUILDER_SRCS:%.c=$(OB)/%.pic.o)

$(O)/tests/ctrl_test: tests/ctrl_test.c $(CTRL_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(BLD_TEST_CFLAGS) -o $@ $< $(CTRL_OBJS) -Wl,--wrap=ioctl \
		$(CMOCKA_LIBS)

CHECK_FAST_EXTRA += $(O)/tests/ctrl_test

check-extra:: $(O)/tests/ctrl_test
	@$(RUN_UNIT) libxl $(O)/tests/ctrl_test
