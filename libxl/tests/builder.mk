# The hypercall layer's and the PV builder's host tests, and the dom0 smoke
# program of tests/system/cases/toolstack-pvbuild.  They link only ctrl/
# and builder/ objects, so they build before the rest of libxenlight.
BLD_TEST_CFLAGS := $(CPPFLAGS) -Itests $(CFLAGS)
BLD_BUILDER_OBJS := $(BUILDER_SRCS:%.c=$(OB)/%.pic.o)

$(O)/tests/ctrl_test: tests/ctrl_test.c $(CTRL_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(BLD_TEST_CFLAGS) -o $@ $< $(CTRL_OBJS) -Wl,--wrap=ioctl \
		$(CMOCKA_LIBS)

CHECK_FAST_EXTRA += $(O)/tests/ctrl_test

check-extra:: $(O)/tests/ctrl_test
	@$(RUN_UNIT) libxl $(O)/tests/ctrl_test

$(O)/tests/builder_test: tests/builder_test.c tests/builder_images.h \
		$(BLD_BUILDER_OBJS) $(CTRL_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(BLD_TEST_CFLAGS) -o $@ $< $(BLD_BUILDER_OBJS) $(CTRL_OBJS) \
		-lz -llzma -lzstd $(CMOCKA_LIBS)

CHECK_FAST_EXTRA += $(O)/tests/builder_test

# Debian's kernel from the asset cache ($XENITH_CACHE or build/cache) when
# it was fetched (tests/system/lib/assets.sh kernel); looked up, never
# fetched here.
PVBUILD_TEST_KERNEL ?= $(lastword $(wildcard $(or $(XENITH_CACHE),$(TOP)/build/cache)/root/linux-image-*/boot/vmlinuz-*))

check-extra:: $(O)/tests/builder_test
	@PVBUILD_TEST_KERNEL=$(PVBUILD_TEST_KERNEL) $(RUN_UNIT) libxl \
		$(O)/tests/builder_test

# The dom0 smoke program (static ctrl/ and builder/, libxenstore).
$(O)/tests/pvbuild-smoke: tests/pvbuild-smoke.c $(BLD_BUILDER_OBJS) $(CTRL_OBJS) \
		$(XS_O)/libxenstore.so
	@mkdir -p $(dir $@)
	$(CC) $(BLD_TEST_CFLAGS) -o $@ $< $(BLD_BUILDER_OBJS) $(CTRL_OBJS) \
		-L$(XS_O) -lxenstore -Wl,-rpath,$(XS_O) -lz -llzma -lzstd

pvbuild-smoke: $(O)/tests/pvbuild-smoke
.PHONY: pvbuild-smoke

$(O)/tests/builder_boot_test: tests/builder_boot_test.c tests/builder_images.h \
		$(BLD_BUILDER_OBJS) $(CTRL_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(BLD_TEST_CFLAGS) -o $@ $< $(BLD_BUILDER_OBJS) $(CTRL_OBJS) \
		-Wl,--wrap=ioctl -lz -llzma -lzstd $(CMOCKA_LIBS)

CHECK_FAST_EXTRA += $(O)/tests/builder_boot_test

check-extra:: $(O)/tests/builder_boot_test
	@$(RUN_UNIT) libxl $(O)/tests/builder_boot_test
