/*
 * Tests of the arena (src/arena.c, the inline fast path in arena.h):
 * blocks aligned, zeroed by arena_alloc(), apart from each other across
 * chunk ends, and a big block not stranding the current chunk's room.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "harness.h"

#define NBLOCKS	4000

static void
test_blocks(void)
{
	static unsigned char	*p[NBLOCKS];
	static size_t		 len[NBLOCKS];
	struct arena		*a = arena_new();
	size_t			 i, j, bad = 0;

	/* Sizes 0 to 96, then some of a few KB: well past one chunk. */
	for (i = 0; i < NBLOCKS; i++) {
		len[i] = i % 7 == 6 ? 1000 + i : i % 97;
		p[i] = i % 2 ? arena_alloc(a, len[i]) : arena_bump(a, len[i]);
		if ((uintptr_t)p[i] % ARENA_ALIGN != 0)
			bad++;
		for (j = 0; i % 2 && j < len[i]; j++)
			bad += p[i][j] != 0;
		memset(p[i], (int)(i & 0xFF), len[i]);
	}
	CHECK(bad == 0);
	/* Nothing was written over by a later block. */
	for (i = 0; i < NBLOCKS; i++)
		for (j = 0; j < len[i]; j++)
			bad += p[i][j] != (unsigned char)(i & 0xFF);
	CHECK(bad == 0);
	CHECK(arena_used(a) > 2 * 64 * 1024);
	arena_free(a);
}

static void
test_big(void)
{
	struct arena	*a = arena_new();
	char		*small, *big, *after;
	size_t		 used;

	small = arena_bump(a, 10);
	used = arena_used(a);
	big = arena_alloc(a, 200 * 1024);
	CHECK(big != NULL && big[0] == 0 && big[200 * 1024 - 1] == 0);
	CHECK(arena_used(a) == used + 200 * 1024);
	/* The next small block still comes from the first chunk. */
	after = arena_bump(a, 10);
	CHECK(after == small + ARENA_ALIGN);
	CHECK(arena_used(a) == used + 200 * 1024);
	CHECK(strcmp(arena_strndup(a, "abcdef", 3), "abc") == 0);
	arena_free(a);
}

int
main(void)
{
	RUN(test_blocks);
	RUN(test_big);
	return HARNESS_EXIT();
}
