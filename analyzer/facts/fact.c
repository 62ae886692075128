#include "facts/fact.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void factstore_init(struct factstore *fs, struct intern *strings)
{
	memset(fs, 0, sizeof(*fs));
	fs->strings = strings;
}

void factstore_release(struct factstore *fs)
{
	ptrmap_release(&fs->index);
	free(fs->items);
	fs->items = NULL;
	fs->nr = fs->alloc = 0;
}

/* Names are interned, so equal names are equal pointers. */
static struct fact *slot(struct factstore *fs, const char *name)
{
	const char *n = intern_str(fs->strings, name);
	size_t i = ptrmap_get(&fs->index, n);

	if (i != SIZE_MAX)
		return &fs->items[i];
	if (fs->nr >= MT_MAX_FACTS) {
		static struct fact sink; /* written and forgotten */

		fs->dropped++;
		return &sink;
	}
	ALLOC_GROW(fs->items, fs->nr, fs->alloc);
	memset(&fs->items[fs->nr], 0, sizeof(fs->items[0]));
	fs->items[fs->nr].name = n;
	ptrmap_put(&fs->index, n, fs->nr);
	return &fs->items[fs->nr++];
}

void fact_set_int(struct factstore *fs, const char *name, int64_t v, const char *unit,
		  struct src_loc src)
{
	struct fact *f = slot(fs, name);

	f->type = FACT_INT;
	f->i = v;
	f->s = NULL;
	f->unit = unit ? unit : "";
	f->src = src;
}

void fact_set_str(struct factstore *fs, const char *name, const char *s, size_t len,
		  struct src_loc src)
{
	struct fact *f = slot(fs, name);

	f->type = FACT_STR;
	f->s = intern_n(fs->strings, s, len);
	f->i = 0;
	f->unit = "";
	f->src = src;
}

const struct fact *fact_get(const struct factstore *fs, const char *name)
{
	const char *n;
	size_t i;

	/* names are interned when set: a name never interned was never set */
	if (!fs->strings || !(n = intern_lookup(fs->strings, name)))
		return NULL;
	i = ptrmap_get(&fs->index, n);
	return i == SIZE_MAX ? NULL : &fs->items[i];
}

void factstore_merge(struct factstore *to, const struct factstore *from)
{
	size_t i;

	for (i = 0; i < from->nr; i++) {
		const struct fact *f = &from->items[i];

		if (f->type == FACT_INT)
			fact_set_int(to, f->name, f->i, f->unit, f->src);
		else
			fact_set_str(to, f->name, f->s, strlen(f->s), f->src);
	}
}

static int cmp_fact(const void *a, const void *b)
{
	return strcmp(((const struct fact *)a)->name, ((const struct fact *)b)->name);
}

void factstore_sort(struct factstore *fs)
{
	size_t i;

	if (fs->nr > 1)
		qsort(fs->items, fs->nr, sizeof(*fs->items), cmp_fact);
	for (i = 0; i < fs->nr; i++)
		ptrmap_put(&fs->index, fs->items[i].name, i);
}

void fact_print(FILE *out, const struct fact *f)
{
	if (f->type == FACT_INT)
		fprintf(out, "%s = %lld%s%s", f->name, (long long)f->i, *f->unit ? " " : "", f->unit);
	else
		fprintf(out, "%s = \"%s\"", f->name, f->s);
	fprintf(out, "  %s:%u\n", f->src.file ? f->src.file : "?", f->src.line);
}

void fact_value_str(const struct fact *f, struct strbuf *sb)
{
	if (!f)
		strbuf_addstr(sb, "unknown");
	else if (f->type == FACT_INT)
		strbuf_addf(sb, "%lld", (long long)f->i);
	else
		strbuf_addstr(sb, f->s);
}
