/*
 * Libraries opened at run time (dl.h).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "dl.h"

int
dl_open(const char *soname, const struct dl_sym *syms, size_t n,
    void *table, char *err, size_t errlen)
{
	void	*lib, *f;
	size_t	 i;

	if ((lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, errlen, "%s", dlerror());
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((f = dlsym(lib, syms[i].name)) == NULL) {
			snprintf(err, errlen, "%s", dlerror());
			dlclose(lib);
			return -1;
		}
		/* POSIX: a function's address from dlsym() converts to a
		 * function pointer; each member of the table is one. */
		memcpy((char *)table + syms[i].off, &f, sizeof(f));
	}
	return 0;
}
