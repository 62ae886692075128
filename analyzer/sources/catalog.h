/*
 * The fact catalog: every fact name a snapshot can give, for --list-facts,
 * docs/facts.md and rule checks.  It lives with the sources, whose registry
 * it reads; the derived facts are added from facts/derive.c.
 */
#ifndef MT_CATALOG_H
#define MT_CATALOG_H

#include "util/common.h"
#include "util/strbuf.h"

/** Print the catalog as the Markdown of docs/facts.md. */
void fact_catalog_print(FILE *out);
/**
 * 2 when @name is in the catalog by itself, 1 when only a family pattern
 * ("meminfo.<Key>") covers it, 0 when nothing does.
 */
int fact_catalog_lookup(const char *name);
/**
 * Append the snapshot files that give fact @name to @sb, as "`a`, `b` or
 * `c`"; false (nothing appended) when no source gives it.
 */
bool fact_catalog_sources(const char *name, struct strbuf *sb);

#endif
