/*
 * libdeflate, opened on first use rather than linked: the commands that
 * deflate nothing (every one but a build of PDFs or bundles) do not pay
 * for loading it at every start.  Its functions are called through the
 * table deflate_lib() returns, each of the type libdeflate.h declares.
 */
#ifndef CHKC_DEFLATE_H
#define CHKC_DEFLATE_H

#include <libdeflate.h>

struct deflate_lib {
	__typeof__(&libdeflate_alloc_compressor)	alloc;
	__typeof__(&libdeflate_free_compressor)		free;
	/* the zlib format (a PDF's FlateDecode streams) */
	__typeof__(&libdeflate_zlib_compress_bound)	zlib_bound;
	__typeof__(&libdeflate_zlib_compress)		zlib;
	/* raw deflate and its CRC-32 (a bundle's entries) */
	__typeof__(&libdeflate_deflate_compress_bound)	raw_bound;
	__typeof__(&libdeflate_deflate_compress)	raw;
	__typeof__(&libdeflate_crc32)			crc32;
};

/* libdeflate's functions, the library opened on the first call; NULL
 * when it cannot be (the caller deflates another way). */
const struct deflate_lib	*deflate_lib(void);

/* A compressor at level (1 to 12) of deflate_lib(), made on the first
 * call and kept for the thread's life: not freed by the caller.  NULL
 * without libdeflate or memory. */
struct libdeflate_compressor	*deflate_compressor(int level);

#endif /* CHKC_DEFLATE_H */
