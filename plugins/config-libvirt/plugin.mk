# config-libvirt: libxml2 for the plugin; its tests also parse the xl.cfg
# it writes with libxlutil (libxl's build), and a libFuzzer target (clang,
# ASan, UBSan, leak checking) converts mutated XML for FUZZ_RUNS runs from
# the test definitions, run by check-extra (so make check-fast runs it).
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0)
LIBXL_O    := $(TOP)/build/out/libxl
XS_O       := $(TOP)/build/out/tools/xenstore
config-libvirt_CFLAGS := $(XML_CFLAGS)
config-libvirt_LIBS   := $(XML_LIBS)
config-libvirt_TEST_LIBS := $(LIBXL_O)/libxlutil.a \
	-L$(LIBXL_O) -lxenlight -Wl,--disable-new-dtags -Wl,-rpath,$(LIBXL_O) \
	-Wl,-rpath,$(XS_O)
LV_TESTS   := $(patsubst %.c,$(O)/%,$(wildcard config-libvirt/tests/test_*.c))
$(LV_TESTS): $(LIBXL_O)/libxlutil.a config-libvirt/plugin.mk \
	$(wildcard config-libvirt/*.[ch])
$(LV_TESTS): private CPPFLAGS += \
	-I$(TOP)/libxl/xlu -DTEST_DATA_DIR='"$(CURDIR)/config-libvirt/tests/data"'

# The fuzzer also reads what the converter writes with libxlutil, built
# from source with the same sanitizers (as libxl's own fuzzers are).
FUZZ_CC   ?= clang
FUZZ_RUNS ?= 4000
LV_FUZZ   := $(O)/fuzz/fuzz_config_libvirt
LV_XLU_SRCS := $(wildcard $(TOP)/libxl/xlu/*.c) $(addprefix $(TOP)/libxl/lib/,\
	basic.c json.c json_parse.c log.c gc.c) $(LIBXL_O)/gen/libxl_types.c
$(LV_FUZZ): config-libvirt/tests/fuzz_convert.c config-libvirt/convert.c \
		config-libvirt/convert.h $(LV_XLU_SRCS) config-libvirt/plugin.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -std=gnu11 -D_GNU_SOURCE $(XML_CFLAGS) \
		-Iconfig-libvirt $(CPPFLAGS) -I$(TOP)/libxl/lib -I$(TOP)/libxl/xlu \
		-I$(TOP)/tools/xenstore/include -DXEN_CONFIG_DIR='"/etc/xen"' \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $< config-libvirt/convert.c \
		$(LV_XLU_SRCS) $(XML_LIBS)
CHECK_FAST_EXTRA += $(LV_FUZZ)

check-extra:: $(LV_FUZZ)
	@c=$(O)/fuzz/corpus-config-libvirt; rm -rf $$c; mkdir -p $$c; \
	cp config-libvirt/tests/data/*.xml $$c/; \
	if $(LV_FUZZ) -runs=$(FUZZ_RUNS) -seed=1 -max_len=8192 -timeout=5 \
		-rss_limit_mb=2048 -print_final_stats=0 \
		-artifact_prefix=$(O)/fuzz/ $$c >$(O)/fuzz/log-config-libvirt 2>&1; \
	then echo "PASS: unit/plugins/fuzz_config_libvirt"; \
	else tail -40 $(O)/fuzz/log-config-libvirt; \
		echo "FAIL: unit/plugins/fuzz_config_libvirt"; exit 1; fi

# xl create -n / config-convert with the plugin, enabled, disabled, absent.
check-extra:: $(O)/config-libvirt.so
	@LD_LIBRARY_PATH=$(LIBXL_O):$(XS_O) config-libvirt/tests/xl-create.sh \
		$(LIBXL_O)/xl $(O)
