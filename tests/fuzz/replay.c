/*
 * Replay inputs through a fuzz harness without libFuzzer, so that
 * `make check` (gcc, with or without ASan) runs every saved corpus
 * input and crash reproducer: a fixed crash stays fixed.
 *
 *	fuzz_replay_<harness> FILE|DIR...
 *
 * Directories are read one level deep, in name order, so a replay is
 * the same every time.  Prints one line per argument with the number
 * of inputs run; a failure is the harness's abort() or a sanitizer
 * report.  Exit 0 when every input ran, 2 on a usage or I/O error.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Feed one file to the harness; -1 if it cannot be read. */
static int
replay_file(const char *path)
{
	struct buf	 b = { 0 };
	uint8_t		*data;
	char		 chunk[65536];
	size_t		 got;
	FILE		*fp;
	int		 rc = 0;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, got);
	if (ferror(fp)) {
		perror(path);
		rc = -1;
	}
	fclose(fp);
	if (rc == 0) {
		if (getenv("FUZZ_REPLAY_VERBOSE") != NULL)
			fprintf(stderr, "replay %s\n", path);
		/* An exact copy: the harness must not read past its end. */
		data = xmalloc(b.len ? b.len : 1);
		memcpy(data, b.data ? b.data : "", b.len);
		LLVMFuzzerTestOneInput(data, b.len);
		free(data);
	}
	buf_free(&b);
	return rc;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, sorted; returns the count or -1. */
static long
replay_dir(const char *dir)
{
	struct ptrvec	 names = { 0 };
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	char		*path;
	long		 n = 0;
	size_t		 i;

	if ((dp = opendir(dir)) == NULL) {
		perror(dir);
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = xmalloc(strlen(dir) + strlen(de->d_name) + 2);
		sprintf(path, "%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			ptrvec_push(&names, path);
		else
			free(path);
	}
	closedir(dp);
	if (names.n > 0)
		qsort(names.v, names.n, sizeof(*names.v), cmp_name);
	for (i = 0; i < names.n; i++) {
		if (n >= 0 && replay_file(names.v[i]) == 0)
			n++;
		else
			n = -1;
		free(names.v[i]);
	}
	ptrvec_free(&names);
	return n;
}

int
main(int argc, char *argv[])
{
	struct stat	 st;
	long		 n;
	int		 i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			perror(argv[i]);
			rc = 2;
			continue;
		}
		n = S_ISDIR(st.st_mode) ? replay_dir(argv[i]) :
		    replay_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0)
			rc = 2;
		else
			printf("%s: %ld input%s\n", argv[i], n,
			    n == 1 ? "" : "s");
	}
	return rc;
}
