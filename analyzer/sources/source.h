/*
 * The snapshot parsers: one file per input source (in_meminfo.c,
 * in_sysctl.c ...), each a pure function of a file's bytes, registered in
 * sources.c.  A parser knows nothing of rules or reports: it turns lines
 * into facts, and reports damaged lines with parse_warn().
 */
#ifndef MT_SOURCE_H
#define MT_SOURCE_H

#include "facts/fact.h"
#include "util/diag.h"
#include "util/scan.h"

/*
 * The lines of a file held in memory, "\r\n" and a missing last "\n" handled:
 *   struct lines it = lines_of(buf, len);
 *   while (lines_next(&it)) ... it.line (a span), it.no (1-based)
 */
struct lines {
	const char *p, *end;
	struct span line;
	unsigned no;
};

static inline struct lines lines_of(const char *buf, size_t len)
{
	return (struct lines){ buf, buf + len, SPAN_NONE, 0 };
}

static inline bool lines_next(struct lines *it)
{
	const char *nl;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	it->line = span_make(it->p, nl ? nl : it->end);
	if (it->line.len && it->line.p[it->line.len - 1] == '\r')
		it->line.len--;
	it->p = nl ? nl + 1 : it->end;
	it->no++;
	return true;
}

struct parse_ctx {
	struct factstore *facts;
	struct diag *diag;
	const char *file;            /* the name shown to the user (interned) */
	const char *rel;             /* the path relative to the snapshot root, e.g. "proc/sys/vm/swappiness" */
	unsigned line_base;          /* lines of the file before @buf (a section of a supportconfig file) */
};

/** A warning about line @line (1-based; 0: the whole file) of the file being parsed. */
void parse_warn(struct parse_ctx *ctx, unsigned line, const char *fmt, ...) MT_PRINTF(3, 4);
void parse_int(struct parse_ctx *ctx, unsigned line, const char *name, int64_t v, const char *unit);
void parse_str(struct parse_ctx *ctx, unsigned line, const char *name, const char *s, size_t len);

/* A file held back until the whole snapshot is read (sysctl.d files are applied in order). */
struct held_file {
	const char *rel;
	const char *file;
	char *buf;
	size_t len;
	unsigned line_base;          /* lines of the file before @buf (a section of a supportconfig file) */
};

/** Point @ctx at held file @f: the name and path its facts and warnings give, and its lines. */
void parse_ctx_at(struct parse_ctx *ctx, const struct held_file *f);

struct source {
	const char *name;
	/* fnmatch(3) patterns relative to a snapshot root; NULL-terminated */
	const char *const *paths;
	/* called with each matching file's whole content; 0, or -1 when nothing could be used */
	int (*parse)(struct parse_ctx *ctx, const char *buf, size_t len);
	/* when set, matching files are held and handed over together once the snapshot is read */
	void (*finish)(struct parse_ctx *ctx, const struct held_file *files, size_t nr);
	/* what it produces, for the catalog; terminated by an entry with name NULL */
	const struct fact_def *facts;
};

/** The source that reads @rel (a path relative to a snapshot root), or NULL. */
const struct source *source_for_path(const char *rel);
/** The registered sources; an entry is NULL when that source is not built in. */
const struct source *const *mt_source_list(size_t *nr);

/* The largest file a source will read: /proc files are small, sysctl -a is ~100 KiB. */
#define MT_MAX_SOURCE_FILE (16u << 20)

#endif
