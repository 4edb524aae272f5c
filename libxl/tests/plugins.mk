# The plugin loader's tests (tests/test_plugin*.c) load the test plugin
# tests/plugins/test-plugin.c, built as a working plugin, as two built for
# ABI version 2 and as three broken variants, from $(O)/tests/plugins (passed to the tests as
# TEST_PLUGIN_DIR; they set LIBXL_PLUGIN_DIR to it).
TEST_PLUGIN_O := $(O)/tests/plugins
TEST_PLUGIN_VARIANTS := test-plugin: test-plugin-badabi:-DTEST_ABI_VERSION=99 \
	test-plugin-abi2:-DTEST_ABI_VERSION=2 \
	test-plugin-nodesc:-DTEST_NO_DESCRIPTOR \
	test-plugin-initfail:-DTEST_INIT_FAIL test-plugin-v2:-DTEST_ABI_VERSION=2
TEST_PLUGIN_SOS := $(foreach v,$(TEST_PLUGIN_VARIANTS),\
	$(TEST_PLUGIN_O)/$(firstword $(subst :, ,$(v))).so)

define test_plugin_rule
$(TEST_PLUGIN_O)/$(1).so: tests/plugins/test-plugin.c $(HDRS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $(2) -fPIC -fvisibility=hidden -shared \
		-o $$@ $$<
endef
$(foreach v,$(TEST_PLUGIN_VARIANTS),$(eval $(call test_plugin_rule,$(firstword \
	$(subst :, ,$(v))),$(word 2,$(subst :, ,$(v))))))

$(filter $(O)/tests/test_plugin%,$(TESTS)): $(TEST_PLUGIN_SOS)
$(filter $(O)/tests/test_plugin%,$(TESTS)): private CPPFLAGS += \
	-DTEST_PLUGIN_DIR='"$(TEST_PLUGIN_O)"'
