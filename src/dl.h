/*
 * A library opened at run time rather than linked, so that the commands
 * that do not use it do not pay for loading it at every start.  Its
 * functions are called through a table of pointers, each of the type
 * the library's header declares (struct serve_mhd, struct deflate_lib).
 */
#ifndef CHKC_DL_H
#define CHKC_DL_H

#include <stddef.h>

/* A function of the library, and where its address goes in the table. */
struct dl_sym {
	const char	*name;
	size_t		 off;
};

/* Open soname and fill table with the n functions of syms: 0, or -1
 * with what went wrong in err (the library is closed again). */
int	dl_open(const char *soname, const struct dl_sym *syms, size_t n,
	    void *table, char *err, size_t errlen);

#endif /* CHKC_DL_H */
