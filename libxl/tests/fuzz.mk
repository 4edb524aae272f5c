# libFuzzer targets for libxlutil (the xl.cfg grammar and translation; the
# disk/vif/pci/rdm/cpu-list spec parsers), built with clang, ASan and
# UBSan whatever CC is, and run for FUZZ_SECONDS each by check-extra (so
# make check-fast runs them) from seeds in tests/cfg and tests/fuzz-seeds.
# The RSS limit leaves room for ASan's quarantine (the spec target
# settles near 550 MB after a few million runs).
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -g -O1 -std=gnu11 -D_GNU_SOURCE \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 15
FUZZ_LIB_SRCS := $(XLU_SRCS) lib/basic.c lib/json.c lib/json_parse.c lib/log.c lib/gc.c \
	$(O)/gen/libxl_types.c
FUZZ_TARGETS := $(O)/fuzz/fuzz_xlu_cfg $(O)/fuzz/fuzz_xlu_spec

$(O)/fuzz/fuzz_xlu_%: tests/fuzz_xlu_%.c $(FUZZ_LIB_SRCS) $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIB_SRCS)

CHECK_FAST_EXTRA += $(FUZZ_TARGETS)

# One seed corpus each: the golden configurations, the spec examples.
check-extra:: $(FUZZ_TARGETS)
	@set -e; for t in cfg spec; do \
		c=$(O)/fuzz/corpus-$$t; rm -rf $$c; mkdir -p $$c; \
		if [ $$t = cfg ]; then cp tests/cfg/*.cfg $$c/; \
		else cp tests/fuzz-seeds/* $$c/; fi; \
		if $(O)/fuzz/fuzz_xlu_$$t -max_total_time=$(FUZZ_SECONDS) \
			-rss_limit_mb=2048 -max_len=4096 -timeout=5 \
			-print_final_stats=0 -artifact_prefix=$(O)/fuzz/ $$c > $(O)/fuzz/log-$$t 2>&1; then \
			echo "PASS: unit/libxl/fuzz_xlu_$$t"; \
		else tail -40 $(O)/fuzz/log-$$t; \
			echo "FAIL: unit/libxl/fuzz_xlu_$$t"; exit 1; fi; \
	done
