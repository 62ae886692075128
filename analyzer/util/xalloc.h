/* Allocation that never returns NULL: running out of memory ends the run (exit 5). */
#ifndef MT_XALLOC_H
#define MT_XALLOC_H

#include "util/common.h"

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/** Copies of strings; caller frees with free(). */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/** Say so and end the run (exit 5): for what else allocates and failed (fopencookie). */
_Noreturn void xalloc_die(void);

/*
 * The array @a of items of @size, with room for *@alloc of them, given room
 * for at least @want: the room at least doubles (8 at first), so that adding
 * one item at a time costs amortised constant time (git's ALLOC_GROW).  A
 * size past SIZE_MAX is running out of memory.  Through the macros below.
 */
void *alloc_grow(void *a, size_t want, size_t *alloc, size_t size);

/*
 * The array @a of @nr items of @size with room for exactly them (*@alloc
 * becomes @nr; none: freed, NULL): for an array that is done growing and
 * is kept, whose doubling would otherwise keep up to half of it empty.
 */
void *alloc_fit(void *a, size_t nr, size_t *alloc, size_t size);

/* Grow the array @a, with room for @alloc (a size_t), so that it holds @want items. */
#define ALLOC_GROW_TO(a, want, alloc)                                          \
	do {                                                                   \
		if ((want) > (alloc))                                          \
			(a) = alloc_grow((a), (want), &(alloc), sizeof(*(a))); \
	} while (0)

/* Grow the array @a of @nr items, with room for @alloc, so that item @nr can be written. */
#define ALLOC_GROW(a, nr, alloc) ALLOC_GROW_TO(a, (nr) + 1, alloc)

/* Shrink the array @a of @nr items, with room for @alloc, to hold just them. */
#define ALLOC_FIT(a, nr, alloc) ((a) = alloc_fit((a), (nr), &(alloc), sizeof(*(a))))

#endif
