#include "util/value.h"
#include "util/vocab.h"
#include "util/xalloc.h"

void kv_set(struct kv_list *l, const char *key, size_t keylen, int64_t val)
{
	const char *word = vocab_n(key, keylen);
	/* a key with a NUL in it is kept as far as the NUL and replaces no other */
	bool whole = !keylen || !memchr(key, '\0', keylen);
	size_t i;

	for (i = 0; whole && i < l->nr; i++) {
		if (l->items[i].key == word) {
			l->items[i].val = val;
			return;
		}
	}
	ALLOC_GROW(l->items, l->nr, l->alloc);
	l->items[l->nr].key = word;
	l->items[l->nr].val = val;
	l->nr++;
}

int64_t kv_get(const struct kv_list *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i].key, key))
			return l->items[i].val;
	return MT_UNKNOWN;
}

void kv_fit(struct kv_list *l)
{
	ALLOC_FIT(l->items, l->nr, l->alloc);
}

void kv_release(struct kv_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}
