/*
 * bench/touch [PAGES]: the microseconds it takes this machine to give
 * a process a page of memory it touches for the first time (anonymous
 * memory: a page fault, a zeroed page), the median of 5 rounds of
 * PAGES pages (default 4,000, 16 MB).
 *
 * A one-checklist build touches about 1,000 pages, and chkc's libraries
 * more: where a page fault costs 1.5 us that is 1.5 ms of a 10 ms PDF,
 * where it costs 11 us (a virtual machine whose hypervisor keeps the
 * page tables in software) it is half of a 24 ms one.  The bench prints
 * the figure on its first line, so that a reader comparing its one-
 * command rows with another machine's knows which kind it ran on.
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS	5

static double
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* The microseconds a page to touch pages pages for the first time. */
static double
round_us(size_t pages, size_t pagesize)
{
	volatile char	*p;
	double		 t0, t;
	size_t		 i;

	p = mmap(NULL, pages * pagesize, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("touch: mmap");
		exit(3);
	}
	t0 = now_us();
	for (i = 0; i < pages; i++)
		p[i * pagesize] = 1;
	t = (now_us() - t0) / (double)pages;
	munmap((void *)p, pages * pagesize);
	return t;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char *argv[])
{
	double	t[ROUNDS];
	long	pagesize = sysconf(_SC_PAGESIZE);
	long	pages = argc > 1 ? atol(argv[1]) : 4000;
	int	i;

	if (argc > 2 || pages <= 0 || pagesize <= 0) {
		fprintf(stderr, "usage: touch [PAGES]\n");
		return 2;
	}
	for (i = 0; i < ROUNDS; i++)
		t[i] = round_us((size_t)pages, (size_t)pagesize);
	qsort(t, ROUNDS, sizeof(t[0]), cmp_double);
	printf("%.2f\n", t[ROUNDS / 2]);
	return 0;
}
