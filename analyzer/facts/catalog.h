/* The fact catalog: every fact name a snapshot can give, for --list-facts, docs/facts.md and rule checks. */
#ifndef MT_CATALOG_H
#define MT_CATALOG_H

#include "util/common.h"

/** Print the catalog as the Markdown of docs/facts.md. */
void fact_catalog_print(FILE *out);
/** True when @name is in the catalog ("<Key>"-style parts match any word). */
bool fact_catalog_has(const char *name);

#endif
