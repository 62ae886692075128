/*
 * The one checker of the unit tests' expected-fact tables (struct
 * fact_want): built once and linked into every unit test, so that a row
 * means the same in each of them.
 */
#include "source_harness.h"

static const char *fact_kind(const struct fact *f)
{
	return f->type == FACT_STR ? "string" : "integer";
}

void check_fact_want(const struct harness *h, const struct fact_want *w, const char *what)
{
	const struct fact *f = fact_get(&h->facts, w->fact);

	if (w->absent) {
		if (f) {
			print_message("%s: fact %s should be absent\n", what, w->fact);
			fail();
		}
		return;
	}
	if (!f) {
		print_message("%s: no %s fact %s\n", what, w->str ? "string" : "integer", w->fact);
		fail();
	}
	if (f->type != (w->str ? FACT_STR : FACT_INT)) {
		print_message("%s: %s is an %s fact (\"%s\", %lld), want a%s %s one\n", what, w->fact,
			      fact_kind(f), f->s ? f->s : "", (long long)f->i, w->str ? "" : "n",
			      w->str ? "string" : "integer");
		fail();
	}
	if (w->str && strcmp(f->s, w->str)) {
		print_message("%s: %s = \"%s\", want \"%s\"\n", what, w->fact, f->s, w->str);
		fail();
	}
	if (!w->str && f->i != w->value) {
		print_message("%s: %s = %lld, want %lld\n", what, w->fact, (long long)f->i,
			      (long long)w->value);
		fail();
	}
	if (w->unit && strcmp(f->unit, w->unit)) {
		print_message("%s: %s in \"%s\", want \"%s\"\n", what, w->fact, f->unit, w->unit);
		fail();
	}
	if ((w->file && strcmp(f->src.file, w->file)) || (w->line && f->src.line != w->line)) {
		print_message("%s: %s from %s:%u, want %s:%u\n", what, w->fact, f->src.file,
			      f->src.line, w->file ? w->file : "*", w->line);
		fail();
	}
	if (w->no_line && f->src.line) {
		print_message("%s: %s from line %u, want no line\n", what, w->fact, f->src.line);
		fail();
	}
}

void check_fact_wants(const struct harness *h, const struct fact_want *w, size_t nr,
		      const char *what)
{
	size_t i;

	for (i = 0; i < nr && w[i].fact; i++)
		check_fact_want(h, &w[i], what);
}
