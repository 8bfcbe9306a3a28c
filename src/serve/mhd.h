/*
 * libmicrohttpd, opened by chkc serve when it starts rather than linked:
 * the library and the nine it needs (GnuTLS among them) cost every
 * other command 6 M instructions of dynamic linking, about 3 ms, at
 * each start.  The functions serve uses are called through serve_mhd,
 * each with the exact type the header declares.
 */
#ifndef CHKC_SERVE_MHD_H
#define CHKC_SERVE_MHD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <microhttpd.h>

struct serve_mhd {
	__typeof__(&MHD_start_daemon)			start_daemon;
	__typeof__(&MHD_stop_daemon)			stop_daemon;
	__typeof__(&MHD_queue_response)			queue_response;
	__typeof__(&MHD_add_response_header)		add_response_header;
	__typeof__(&MHD_destroy_response)		destroy_response;
	__typeof__(&MHD_create_response_from_buffer)	from_buffer;
	__typeof__(&MHD_create_response_from_fd)	from_fd;
	__typeof__(&MHD_create_response_from_callback)	from_callback;
};

extern struct serve_mhd	serve_mhd;

/* Open the library once and find its functions: 0, or -1 with what
 * went wrong in err. */
int	serve_mhd_open(char *err, size_t errlen);

#endif /* CHKC_SERVE_MHD_H */
