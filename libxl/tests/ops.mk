# The dom0 program of tests/system/cases/toolstack-async: three guests
# created at once through the asynchronous API from the program's own
# poll loop.  Linked against the installed form of the library
# (libxenlight.so) and libxlutil.a, as an application would be.
$(O)/tests/async-create: tests/async-create.c $(O)/libxenlight.so \
		$(O)/libxlutil.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(O)/libxlutil.a -L$(O) \
		-lxenlight $(LIBS) -Wl,-rpath-link,$(O)

all: $(O)/tests/async-create
