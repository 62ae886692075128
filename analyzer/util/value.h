/* Numbers that may be unknown, and named numbers: the values OOM reports carry. */
#ifndef MT_VALUE_H
#define MT_VALUE_H

#include "util/common.h"

/* A number the input did not give: never zero, never printed as one. */
#define MT_UNKNOWN INT64_MIN

/* One "name:value" the kernel printed, in the order it printed them. */
struct kv {
	const char *key;             /* from vocab_n(): one copy for the whole run */
	int64_t val;
};

struct kv_list {
	struct kv *items;
	size_t nr, alloc;
};

/** Set @key to @val, replacing an earlier value of the same key. */
void kv_set(struct kv_list *l, const char *key, size_t keylen, int64_t val);
int64_t kv_get(const struct kv_list *l, const char *key);
/** The list is complete: its room shrinks to its items. */
void kv_fit(struct kv_list *l);
void kv_release(struct kv_list *l);

#endif
