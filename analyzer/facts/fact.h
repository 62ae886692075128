/*
 * Facts: what a snapshot says about its host, each typed, with its unit and
 * the file and line it came from.  A fact that no input gave is absent:
 * "unknown", never zero.  Names are dotted ("meminfo.MemTotal",
 * "sysctl.vm.dirty_ratio") and listed in the fact catalog (docs/facts.md,
 * memtriage --list-facts), which rules are checked against.
 */
#ifndef MT_FACT_H
#define MT_FACT_H

#include "util/intern.h"
#include "util/ptrmap.h"
#include "util/src_loc.h"

enum fact_type { FACT_INT, FACT_STR };

/*
 * One entry of the fact catalog: a name or pattern ("meminfo.*"), its type
 * and unit.  Sources list what they produce with it, derive.c what it derives.
 */
struct fact_def {
	const char *name;
	enum fact_type type;
	const char *unit;
	const char *doc;
};

struct fact {
	const char *name;            /* interned */
	enum fact_type type;
	int64_t i;                   /* FACT_INT */
	const char *s;               /* FACT_STR, interned */
	const char *unit;            /* static: "kB", "pages", "bytes", "count", "percent", "" */
	struct src_loc src;
};

struct factstore {
	struct fact *items;
	size_t nr, alloc;
	size_t dropped;              /* facts past MT_MAX_FACTS */
	struct ptrmap index;         /* interned name -> position in items */
	struct intern *strings;      /* shared with the model */
};

void factstore_init(struct factstore *fs, struct intern *strings);
void factstore_release(struct factstore *fs);
/**
 * Set a fact, replacing an earlier one of the same name: the later source
 * wins and its provenance is kept.
 */
void fact_set_int(struct factstore *fs, const char *name, int64_t v, const char *unit,
		  struct src_loc src);
void fact_set_str(struct factstore *fs, const char *name, const char *s, size_t len,
		  struct src_loc src);
/** The fact called @name, or NULL; valid until the next fact_set_*() on the store. */
const struct fact *fact_get(const struct factstore *fs, const char *name);
/** Copy every fact of @from into @to (later ones win). */
void factstore_merge(struct factstore *to, const struct factstore *from);
/** Sort by name: the stable order of --dump-facts and the JSON. */
void factstore_sort(struct factstore *fs);
/** "name = value unit  path:line", one a line. */
void fact_print(FILE *out, const struct fact *f);

struct strbuf;
/** The value of @f as reports and details write it: "60", "madvise"; "unknown" for NULL. */
void fact_value_str(const struct fact *f, struct strbuf *sb);

#endif
