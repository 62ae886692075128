#include "util/value.h"
#include "util/xalloc.h"

void kv_set(struct kv_list *l, const char *key, size_t keylen, int64_t val)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		if (strlen(l->items[i].key) == keylen && !memcmp(l->items[i].key, key, keylen)) {
			l->items[i].val = val;
			return;
		}
	}
	ALLOC_GROW(l->items, l->nr, l->alloc);
	l->items[l->nr].key = xstrndup(key, keylen);
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
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->items[i].key);
	free(l->items);
	memset(l, 0, sizeof(*l));
}
