/*
 * libmicrohttpd, opened at run time (mhd.h).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "serve/mhd.h"

/* The library's soname, as the Makefile found it where it links. */
#ifndef CHKC_MHD_SONAME
#define CHKC_MHD_SONAME	"libmicrohttpd.so.12"
#endif

struct serve_mhd	serve_mhd;

static const struct {
	const char	*name;
	size_t		 off;
} syms[] = {
	{ "MHD_start_daemon", offsetof(struct serve_mhd, start_daemon) },
	{ "MHD_stop_daemon", offsetof(struct serve_mhd, stop_daemon) },
	{ "MHD_queue_response", offsetof(struct serve_mhd, queue_response) },
	{ "MHD_add_response_header",
	    offsetof(struct serve_mhd, add_response_header) },
	{ "MHD_destroy_response",
	    offsetof(struct serve_mhd, destroy_response) },
	{ "MHD_create_response_from_buffer",
	    offsetof(struct serve_mhd, from_buffer) },
	{ "MHD_create_response_from_fd", offsetof(struct serve_mhd, from_fd) },
	{ "MHD_create_response_from_callback",
	    offsetof(struct serve_mhd, from_callback) },
};

int
serve_mhd_open(char *err, size_t errlen)
{
	static void	*lib;
	void		*f;
	size_t		 i;

	if (lib != NULL)
		return 0;
	if ((lib = dlopen(CHKC_MHD_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, errlen, "%s", dlerror());
		return -1;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		if ((f = dlsym(lib, syms[i].name)) == NULL) {
			snprintf(err, errlen, "%s", dlerror());
			dlclose(lib);
			lib = NULL;
			return -1;
		}
		/* POSIX: a function's address from dlsym() converts to a
		 * function pointer; each member is one. */
		memcpy((char *)&serve_mhd + syms[i].off, &f, sizeof(f));
	}
	return 0;
}
