/*
 * Interned pointers to indexes: hosts by name, a central log's streams by
 * host.  Open addressing; a key is any non-NULL pointer.
 */
#ifndef MT_PTRMAP_H
#define MT_PTRMAP_H

#include "util/common.h"

struct ptrmap {
	const void **keys;
	size_t *vals;
	size_t nr, cap;
};

void ptrmap_init(struct ptrmap *m);
void ptrmap_release(struct ptrmap *m);
/** The value of @key, or SIZE_MAX. */
size_t ptrmap_get(const struct ptrmap *m, const void *key);
void ptrmap_put(struct ptrmap *m, const void *key, size_t val);

#endif
