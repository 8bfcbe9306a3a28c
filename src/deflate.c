/*
 * libdeflate, opened on first use (deflate.h).
 */
#include <stddef.h>

#include "deflate.h"
#include "dl.h"

#ifndef CHKC_DEFLATE_SONAME
#define CHKC_DEFLATE_SONAME	"libdeflate.so.0"
#endif

const struct deflate_lib *
deflate_lib(void)
{
#define DEFLATE_SYM(member, name) \
	{ "libdeflate_" #name, offsetof(struct deflate_lib, member) }
	static const struct dl_sym syms[] = {
		DEFLATE_SYM(alloc, alloc_compressor),
		DEFLATE_SYM(free, free_compressor),
		DEFLATE_SYM(zlib_bound, zlib_compress_bound),
		DEFLATE_SYM(zlib, zlib_compress),
		DEFLATE_SYM(raw_bound, deflate_compress_bound),
		DEFLATE_SYM(raw, deflate_compress),
		DEFLATE_SYM(crc32, crc32),
	};
#undef DEFLATE_SYM
	static struct deflate_lib	 lib;
	static int			 state;	/* 1 opened, -1 not there */
	char				 why[256];

	if (state == 0)
		state = dl_open(CHKC_DEFLATE_SONAME, syms, sizeof(syms) /
		    sizeof(syms[0]), &lib, why, sizeof(why)) == 0 ? 1 : -1;
	return state == 1 ? &lib : NULL;
}

/*
 * A compressor is 200 KB (level 1) to 670 KB (levels 2 to 9) that each
 * compression partly fills again.  Made and freed for each document,
 * glibc gave them back to the kernel and took them again, zeroed page
 * by page: in a build of 100 PDFs, half of its 5,300 page faults.
 */
struct libdeflate_compressor *
deflate_compressor(int level)
{
	static _Thread_local struct libdeflate_compressor *kept[13];
	const struct deflate_lib	*z = deflate_lib();

	if (z == NULL || level < 1 || level > 12)
		return NULL;
	if (kept[level] == NULL)
		kept[level] = z->alloc(level);
	return kept[level];
}
