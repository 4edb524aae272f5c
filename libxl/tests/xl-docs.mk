# xl's man page and bash completion checked against the xl just built.
check-extra::
	@LD_LIBRARY_PATH=$(O):$(XS_O) tests/xl-docs.sh $(O)/xl
