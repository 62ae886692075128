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

/*
 * Grow the array @a of @nr items with room for @alloc so that item @nr can
 * be written (git's ALLOC_GROW).
 */
#define ALLOC_GROW(a, nr, alloc)                                               \
	do {                                                                   \
		if ((nr) >= (alloc)) {                                         \
			(alloc) = (alloc) ? (alloc) * 2 : 8;                   \
			if ((alloc) <= (nr))                                   \
				(alloc) = (nr) + 1;                            \
			(a) = xrealloc((a), (alloc) * sizeof(*(a)));           \
		}                                                              \
	} while (0)

#endif
