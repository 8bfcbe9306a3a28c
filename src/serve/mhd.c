/*
 * libmicrohttpd, opened at run time (mhd.h).
 */
#include "dl.h"
#include "serve/mhd.h"

/* The library's soname, as the Makefile found it where it links. */
#ifndef CHKC_MHD_SONAME
#define CHKC_MHD_SONAME	"libmicrohttpd.so.12"
#endif

struct serve_mhd	serve_mhd;

static const struct dl_sym syms[] = {
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
	static int	opened;

	if (opened)
		return 0;
	if (dl_open(CHKC_MHD_SONAME, syms, sizeof(syms) / sizeof(syms[0]),
	    &serve_mhd, err, errlen) == -1)
		return -1;
	opened = 1;
	return 0;
}
