#include "sources/catalog.h"
#include "facts/derive.h"
#include "sources/source.h"

static const char *type_name(enum fact_type t)
{
	return t == FACT_INT ? "integer" : "string";
}

static void print_defs(FILE *out, const struct fact_def *d, const char *from)
{
	for (; d->name; d++)
		fprintf(out, "| `%s` | %s | %s | %s | %s |\n", d->name, type_name(d->type),
			*d->unit ? d->unit : "-", from, d->doc);
}

void fact_catalog_print(FILE *out)
{
	const struct source *const *list;
	size_t nr, i, k;

	fputs("# Fact catalog\n\n"
	      "Every fact a snapshot can give memtriage, as `memtriage --list-facts` prints it\n"
	      "(this file is that output; a test checks they agree). `<Key>`, `<N>`, `<Zone>`...\n"
	      "stand for the names the file itself holds. A fact the inputs do not give is absent\n"
	      "(unknown), never zero. `memtriage --dump-facts PATH` shows a host's facts with the\n"
	      "file and line each came from.\n\n"
	      "| fact | type | unit | from | meaning |\n| --- | --- | --- | --- | --- |\n", out);
	list = mt_source_list(&nr);
	for (i = 0; i < nr; i++) {
		char from[512];
		size_t n = 0;

		if (!list[i])
			continue;
		for (k = 0; list[i]->paths[k] && n < sizeof(from) - 1; k++)
			n += (size_t)snprintf(from + n, sizeof(from) - n, "%s`%s`", k ? ", " : "",
					      list[i]->paths[k]);
		print_defs(out, list[i]->facts, from);
	}
	print_defs(out, derived_fact_defs(), "derived");
}

/* "zoneinfo.node<N>.<Zone>.min" matches "zoneinfo.node0.Normal.min" */
static bool pattern_match(const char *pat, const char *name)
{
	while (*pat && *name) {
		if (*pat == '<') {
			const char *close = strchr(pat, '>');

			if (!close)
				return false;
			pat = close + 1;
			/* a placeholder takes one or more characters, up to what follows it */
			if (!*pat)
				return true;
			name++;
			while (*name && *name != *pat)
				name++;
			continue;
		}
		if (*pat++ != *name++)
			return false;
	}
	return !*pat && !*name;
}

static int lookup_in(const struct fact_def *d, const char *name)
{
	int best = 0;

	for (; d && d->name; d++) {
		if (!strcmp(d->name, name))
			return 2;
		if (pattern_match(d->name, name))
			best = 1;
	}
	return best;
}

int fact_catalog_lookup(const char *name)
{
	const struct source *const *list;
	size_t nr, i;
	int best = lookup_in(derived_fact_defs(), name), r;

	list = mt_source_list(&nr);
	for (i = 0; i < nr && best < 2; i++)
		if (list[i] && (r = lookup_in(list[i]->facts, name)) > best)
			best = r;
	return best;
}

bool fact_catalog_sources(const char *name, struct strbuf *sb)
{
	const struct source *const *list;
	size_t nr, i, k, n = 0, total = 0;

	list = mt_source_list(&nr);
	for (i = 0; i < nr; i++)
		if (list[i] && lookup_in(list[i]->facts, name))
			for (k = 0; list[i]->paths[k]; k++)
				total++;
	for (i = 0; i < nr; i++) {
		if (!list[i] || !lookup_in(list[i]->facts, name))
			continue;
		for (k = 0; list[i]->paths[k]; k++, n++)
			strbuf_addf(sb, "%s`%s`", !n ? "" : n + 1 == total ? " or " : ", ", list[i]->paths[k]);
	}
	return total > 0;
}
