#include "util/xalloc.h"

_Noreturn void xalloc_die(void)
{
	fputs("memtriage: error: out of memory\n", stderr);
	exit(5);
}

static void *check(void *p)
{
	if (!p)
		xalloc_die();
	return p;
}

void *xmalloc(size_t n)
{
	return check(malloc(n ? n : 1));
}

void *xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n)
{
	return check(realloc(p, n ? n : 1));
}

void *alloc_grow(void *a, size_t want, size_t *alloc, size_t size)
{
	size_t n = *alloc;

	do {
		if (n > SIZE_MAX / 2)
			xalloc_die();
		n = n ? n * 2 : 8;
	} while (n < want);
	if (size && n > SIZE_MAX / size)
		xalloc_die();
	*alloc = n;
	return xrealloc(a, n * size);
}

void *alloc_fit(void *a, size_t nr, size_t *alloc, size_t size)
{
	if (*alloc == nr)
		return a;
	*alloc = nr;
	if (!nr) {
		free(a);
		return NULL;
	}
	return xrealloc(a, nr * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *r = xmalloc(n + 1);

	if (n)                      /* an empty span's pointer may be NULL */
		memcpy(r, s, n);
	r[n] = '\0';
	return r;
}
