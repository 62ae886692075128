/*
 * free(1) output as sos saves it: sos_commands/memory/free (KiB, also the
 * root symlink "free") and sos_commands/memory/free_-m (MiB).  procps-ng
 * 3.3.10 and later (RHEL 7.1+):
 *
 *                 total        used        free      shared  buff/cache   available
 *   Mem:        8164548     5978528      850788         932     1335232     1949008
 *   Swap:             0           0           0
 *
 * procps 3.2 and procps-ng up to 3.3.9 (RHEL 5, 6):
 *
 *                total       used       free     shared    buffers     cached
 *   Mem:       2073152     933188    1139964          0     836776      43416
 *   -/+ buffers/cache:      52996    2020156
 *   Swap:            0          0          0
 *
 * Values are mapped through the header's column names, never positions
 * ("free -w" splits buff/cache into buffers and cache).  The
 * "-/+ buffers/cache:", "Low:", "High:" and "Total:" rows are derived or
 * optional and skipped silently.  All facts are in kB; MiB are converted,
 * and the KiB output wins when both are there (see free_finish()).
 */
#include "sources/source.h"
#include "util/strbuf.h"

#define FREE_MAX_COLS 16

enum free_col { COL_OTHER, COL_TOTAL, COL_USED, COL_FREE, COL_SHARED, COL_BUFF_CACHE,
		COL_BUFFERS, COL_CACHED, COL_AVAILABLE };

static const char *const col_header[] = {
	[COL_TOTAL] = "total", [COL_USED] = "used", [COL_FREE] = "free", [COL_SHARED] = "shared",
	[COL_BUFF_CACHE] = "buff/cache", [COL_BUFFERS] = "buffers", [COL_CACHED] = "cached",
	[COL_AVAILABLE] = "available",
};

/* The fact suffix of a column; NULL for those not kept on their own. */
static const char *const col_fact[] = {
	[COL_TOTAL] = "total_kb", [COL_USED] = "used_kb", [COL_FREE] = "free_kb",
	[COL_SHARED] = "shared_kb", [COL_BUFF_CACHE] = "buff_cache_kb",
	[COL_AVAILABLE] = "available_kb",
};

struct free_out {
	struct parse_ctx *ctx;
	enum free_col cols[FREE_MAX_COLS];
	size_t ncols;
	int64_t scale;               /* 1 for KiB, 1024 for MiB */
	struct strbuf name;
	size_t kept;
};

static enum free_col col_of(struct span w)
{
	size_t i;

	/* "free -w" (3.3.12+) says "cache" where 3.3.9 said "cached" */
	if (span_eq(w, "cache"))
		return COL_CACHED;
	for (i = 0; i < ARRAY_SIZE(col_header); i++)
		if (col_header[i] && span_eq(w, col_header[i]))
			return (enum free_col)i;
	return COL_OTHER;
}

/* "              total        used        free ...": the column names, kept only when whole. */
static bool free_header(struct free_out *f, const char *s, const char *end)
{
	enum free_col cols[FREE_MAX_COLS];
	struct span w;
	size_t n = 0;

	for (scan_blanks(&s, end); scan_word(&s, end, &w); scan_blanks(&s, end)) {
		if (n == FREE_MAX_COLS)
			return false;
		cols[n++] = col_of(w);
	}
	if (!n || cols[0] != COL_TOTAL)
		return false;
	memcpy(f->cols, cols, n * sizeof(*cols));
	f->ncols = n;
	return true;
}

static void free_fact(struct free_out *f, unsigned no, const char *prefix, const char *suffix,
		      int64_t v)
{
	strbuf_reset(&f->name);
	strbuf_addf(&f->name, "free.%s%s", prefix, suffix);
	parse_int(f->ctx, no, f->name.buf, v, "kB");
	f->kept++;
}

/*
 * The numbers of a row in kB: false when a field is not a number or there
 * are more than header columns.  A number that overflows is marked absent.
 */
static bool free_values(const struct free_out *f, const char *s, const char *end,
			int64_t *vals, bool *have, size_t *nr)
{
	uint64_t v = 0;
	size_t i;

	scan_blanks(&s, end);
	for (*nr = 0; s < end; scan_blanks(&s, end)) {
		if (*nr == f->ncols || !is_digit(*s))
			return false;
		i = (*nr)++;
		have[i] = scan_u64(&s, end, &v) && v <= (uint64_t)INT64_MAX / (uint64_t)f->scale;
		vals[i] = have[i] ? (int64_t)v * f->scale : 0;
		while (s < end && is_digit(*s))
			s++;
		if (s < end && !is_blank(*s))
			return false;
	}
	return true;
}

/* "Mem:" or "Swap:" after the label. */
static void free_row(struct free_out *f, unsigned no, const char *s, const char *end, bool mem)
{
	int64_t vals[FREE_MAX_COLS], buffers = -1, cached = -1;
	bool have[FREE_MAX_COLS];
	size_t nr, i;

	if (!f->ncols) {
		parse_warn(f->ctx, no, "values before the column header; skipped");
		return;
	}
	if (!free_values(f, s, end, vals, have, &nr)) {
		parse_warn(f->ctx, no, "row does not match the column header; skipped");
		return;
	}
	for (i = 0; i < nr; i++) {
		enum free_col c = f->cols[i];

		if (!have[i]) {
			parse_warn(f->ctx, no, "%s value out of range; skipped",
				   col_header[c] ? col_header[c] : "a");
			continue;
		}
		if (c == COL_BUFFERS)
			buffers = vals[i];
		else if (c == COL_CACHED)
			cached = vals[i];
		/* the swap row only fills total, used and free */
		if (col_fact[c] && (mem || c == COL_TOTAL || c == COL_USED || c == COL_FREE))
			free_fact(f, no, mem ? "mem_" : "swap_", col_fact[c], vals[i]);
	}
	if (mem && buffers >= 0 && cached >= 0 && cached <= INT64_MAX - buffers)
		free_fact(f, no, "mem_", "buff_cache_kb", buffers + cached);
}

static void free_line(struct free_out *f, unsigned no, struct span line)
{
	static const char *const skipped[] = { "-/+ buffers/cache:", "Low:", "High:", "Total:" };
	const char *s = line.p, *end = s + line.len;
	size_t i;

	scan_blanks(&s, end);
	if (s == end)
		return;
	if (scan_lit(&s, end, "Mem:")) {
		free_row(f, no, s, end, true);
		return;
	}
	if (scan_lit(&s, end, "Swap:")) {
		free_row(f, no, s, end, false);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(skipped); i++)
		if (scan_lit(&s, end, skipped[i]))
			return;
	if (span_starts(span_make(s, end), "total") && free_header(f, s, end))
		return;
	/* e.g. a wrapped header or stderr junk: say so */
	parse_warn(f->ctx, no, "not a free(1) line; skipped");
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = s ? strlen(s) : 0, k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static int free_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct free_out f = { .ctx = ctx, .name = STRBUF_INIT };
	struct lines it = lines_of(buf, len);

	f.scale = ends_with(ctx->rel, "free_-m") ? 1024 : 1;
	while (lines_next(&it))
		free_line(&f, it.no, it.line);
	strbuf_release(&f.name);
	return f.kept ? 0 : -1;
}

static void free_one(const struct parse_ctx *ctx, const struct held_file *f)
{
	struct parse_ctx fctx = *ctx;

	parse_ctx_at(&fctx, f);
	if (free_parse(&fctx, f->buf, f->len) < 0 && f->len)
		parse_warn(&fctx, 0, "nothing usable for free");
}

/*
 * free -m rounds every value down to a MiB ("shared 932" KiB becomes 0),
 * so when a snapshot has both, the KiB file is read last and wins.
 */
static void free_finish(struct parse_ctx *ctx, const struct held_file *files, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (ends_with(files[i].rel, "free_-m"))
			free_one(ctx, &files[i]);
	for (i = 0; i < nr; i++)
		if (!ends_with(files[i].rel, "free_-m"))
			free_one(ctx, &files[i]);
}

static const char *const free_paths[] = {
	"sos_commands/memory/free",
	"sos_commands/memory/free_-m",
	"free",
	NULL,
};

static const struct fact_def free_facts[] = {
	{ "free.mem_total_kb", FACT_INT, "kB", "free(1) Mem total" },
	{ "free.mem_used_kb", FACT_INT, "kB", "Mem used (procps-ng 3.3.10+: total - free - buff/cache; before: total - free)" },
	{ "free.mem_free_kb", FACT_INT, "kB", "Mem free" },
	{ "free.mem_shared_kb", FACT_INT, "kB", "Mem shared (Shmem; 0 on old procps)" },
	{ "free.mem_buff_cache_kb", FACT_INT, "kB", "buff/cache, or buffers + cached on old procps" },
	{ "free.mem_available_kb", FACT_INT, "kB", "available (procps-ng 3.3.10+)" },
	{ "free.swap_total_kb", FACT_INT, "kB", "Swap total" },
	{ "free.swap_used_kb", FACT_INT, "kB", "Swap used" },
	{ "free.swap_free_kb", FACT_INT, "kB", "Swap free" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_free = {
	.name = "free",
	.paths = free_paths,
	.parse = free_parse,
	.finish = free_finish,
	.facts = free_facts,
};
