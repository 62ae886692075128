/*
 * What the snapshot parser tests share: run one source over a buffer or a
 * file, and look facts up.  Corpus files live beside the repository, not in
 * it: corpus_read() returns NULL when one is absent, and the test ends with
 * corpus_skip_if_absent() (or calls skip()): cmocka counts it skipped, not
 * passed, though what it checked without the corpus held.
 */
#ifndef MT_SOURCE_HARNESS_H
#define MT_SOURCE_HARNESS_H

#include "sources/source.h"
#include "util/xalloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

struct harness {
	struct intern strings;
	struct factstore facts;
	struct diag diag;
	int ret;
};

static inline void harness_run(struct harness *h, const struct source *src, const char *rel,
			       const char *buf, size_t len)
{
	struct parse_ctx ctx;

	intern_init(&h->strings);
	factstore_init(&h->facts, &h->strings);
	diag_init(&h->diag, NULL);
	ctx.facts = &h->facts;
	ctx.diag = &h->diag;
	ctx.file = intern_str(&h->strings, rel);
	ctx.rel = ctx.file;
	ctx.line_base = 0;
	assert_ptr_equal(source_for_path(rel), src);
	if (src->finish) {
		struct held_file f = { rel, ctx.file, (char *)buf, len, 0 };

		src->finish(&ctx, &f, 1);
		h->ret = 0;
	} else {
		h->ret = src->parse(&ctx, buf, len);
	}
}

static inline void harness_release(struct harness *h)
{
	factstore_release(&h->facts);
	diag_release(&h->diag);
	intern_release(&h->strings);
}

static inline int64_t fact_int(const struct harness *h, const char *name)
{
	const struct fact *f = fact_get(&h->facts, name);

	if (!f || f->type != FACT_INT) {
		print_message("no integer fact '%s'\n", name);
		fail();
	}
	return f->i;
}

static inline const char *fact_str(const struct harness *h, const char *name)
{
	const struct fact *f = fact_get(&h->facts, name);

	if (!f || f->type != FACT_STR) {
		print_message("no string fact '%s'\n", name);
		fail();
	}
	return f->s;
}

static inline unsigned fact_line(const struct harness *h, const char *name)
{
	const struct fact *f = fact_get(&h->facts, name);

	assert_non_null(f);
	return f->src.line;
}

/*
 * One row of a test's table of expected facts.  A row names the fields it
 * checks; a field left out (NULL, 0, false) is not checked, except that a
 * row without .str wants an integer fact equal to .value (0 if left out).
 */
struct fact_want {
	const char *fact;
	const char *str;        /* a string fact's text; NULL: an integer fact */
	int64_t value;          /* the integer fact's value, when str is NULL */
	const char *unit;       /* NULL: not checked */
	const char *file;       /* the input the fact names; NULL: not checked */
	unsigned line;          /* 0: not checked */
	bool no_line;           /* must name no line: a total of the whole input */
	bool absent;            /* must not be set at all; nothing else is checked */
};

/* Fail, saying which and why after @what, unless @h's facts meet @w. */
void check_fact_want(const struct harness *h, const struct fact_want *w, const char *what);

/* check_fact_want() for each of the @nr rows of @w, up to a row without a fact. */
void check_fact_wants(const struct harness *h, const struct fact_want *w, size_t nr,
		      const char *what);

/* Set when a corpus file was absent since the last corpus_skip_if_absent(). */
static bool corpus_absent;

/* At the end of a test that reads corpus files: skipped if one was absent. */
static inline void corpus_skip_if_absent(void)
{
	if (corpus_absent) {
		corpus_absent = false;
		skip();
	}
}

/* The path of @rel below the corpus: $MT_CORPUS_ROOT, else ../shared/corpus. */
static inline const char *corpus_path(char *path, size_t size, const char *rel)
{
	const char *root = getenv("MT_CORPUS_ROOT");

	snprintf(path, size, "%s/%s", root ? root : "../shared/corpus", rel);
	return path;
}

/* Note that corpus file @path is absent: the test will be counted skipped. */
static inline void corpus_note_absent(const char *path)
{
	print_message("SKIPPED: %s not found (the corpus ships beside the repository)\n", path);
	corpus_absent = true;
}

/* A corpus file's bytes (caller frees), or NULL with a note when the corpus is absent. */
static inline char *corpus_read(const char *rel, size_t *len)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	f = fopen(corpus_path(path, sizeof(path), rel), "rb");
	if (!f) {
		corpus_note_absent(path);
		*len = 0;
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

#endif
