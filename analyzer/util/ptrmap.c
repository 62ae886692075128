#include "util/ptrmap.h"
#include "util/xalloc.h"

void ptrmap_init(struct ptrmap *m)
{
	memset(m, 0, sizeof(*m));
}

void ptrmap_release(struct ptrmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t slot(const void *const *keys, size_t cap, const void *key)
{
	size_t i = ((uintptr_t)key >> 4) * 11400714819323198485ull & (cap - 1);

	while (keys[i] && keys[i] != key)
		i = (i + 1) & (cap - 1);
	return i;
}

size_t ptrmap_get(const struct ptrmap *m, const void *key)
{
	size_t i;

	if (!m->cap)
		return SIZE_MAX;
	i = slot(m->keys, m->cap, key);
	return m->keys[i] ? m->vals[i] : SIZE_MAX;
}

static void grow(struct ptrmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64, i, j;
	const void **keys = xcalloc(cap, sizeof(*keys));
	size_t *vals = xcalloc(cap, sizeof(*vals));

	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		j = slot(keys, cap, m->keys[i]);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
}

void ptrmap_put(struct ptrmap *m, const void *key, size_t val)
{
	size_t i;

	if ((m->nr + 1) * 2 > m->cap)
		grow(m);
	i = slot(m->keys, m->cap, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->nr++;
	}
	m->vals[i] = val;
}
