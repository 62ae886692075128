/*
 * Loading rules with libyaml's document API.  Every node keeps its position,
 * so each error names FILE:LINE:COL, shows the line and underlines the span.
 * The YAML traps rule authors fall into are caught here: a block scalar that
 * adds a newline to a regex, a regex that matches the empty string, escapes
 * that double quotes turned into control characters, unknown keys.
 */
#include "engine/rule.h"
#include "engine/event_fields.h"
#include "engine/regex_literal.h"
#include "engine/template.h"
#include "facts/derive.h"
#include "sources/catalog.h"
#include "util/dirnames.h"
#include "util/scan.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <sys/stat.h>
#include <yaml.h>

const char *const severity_names[SEV__COUNT] = { "info", "warning", "critical" };
const char *const cmp_op_names[OP__COUNT] = {
	"exists", "eq", "ne", "lt", "le", "gt", "ge", "in", "matches", "contains",
};

struct loader {
	struct ruleset *rs;
	struct diag *d;
	const char *file;            /* interned in the ruleset's texts */
	const char *text;
	yaml_document_t doc;
	size_t errors;
	bool site;
};

/* ---- errors ------------------------------------------------------------- */

/* The source line of @line (1-based) and a marker under columns [col, end_col). */
static void caret(struct strbuf *sb, const char *text, unsigned line, unsigned col, unsigned end_col)
{
	const char *p = text, *e;
	unsigned i;

	for (i = 1; i < line && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return;
	e = strchr(p, '\n');
	if (!e)
		e = p + strlen(p);
	strbuf_addf(sb, "\n    %.*s\n    ", (int)(e - p), p);
	/* a mark past the end of its line (an error at the end of the file) stays at the end */
	for (i = 1; i < col && i - 1 < (unsigned)(e - p); i++)
		strbuf_addch(sb, p[i - 1] == '\t' ? '\t' : ' ');
	strbuf_addch(sb, '^');
	for (i = col + 1; i < end_col && i <= (unsigned)(e - p); i++)
		strbuf_addch(sb, '~');
}

static void lerr(struct loader *l, const yaml_node_t *n, const char *fmt, ...) MT_PRINTF(3, 4);

/* "FILE:LINE:COL: error: message", then the line and the bad span underlined */
static void lerr(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned line = n ? (unsigned)n->start_mark.line + 1 : 0;
	unsigned col = n ? (unsigned)n->start_mark.column + 1 : 0;
	unsigned end = col + 1;
	va_list ap;

	if (n && n->end_mark.line == n->start_mark.line)
		end = (unsigned)n->end_mark.column + 1;
	strbuf_addf(&sb, "%s:%u:%u: error: ", l->file, line, col);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (n)
		caret(&sb, l->text, line, col, end);
	if (l->d->echo)
		fprintf(l->d->echo, "%s\n", sb.buf);
	{
		FILE *echo = l->d->echo;

		l->d->echo = NULL; /* printed above, with its caret */
		diag_error(l->d, l->file, line, "%s", sb.buf + strlen(l->file) + 1);
		l->d->echo = echo;
	}
	strbuf_release(&sb);
	l->errors++;
}

static struct src_loc loc_of(const struct loader *l, const yaml_node_t *n)
{
	return (struct src_loc){ l->file, (unsigned)n->start_mark.line + 1 };
}

/* ---- node helpers -------------------------------------------------------- */

static yaml_node_t *node(struct loader *l, int id)
{
	return yaml_document_get_node(&l->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static bool is_map(const yaml_node_t *n)
{
	return n && n->type == YAML_MAPPING_NODE;
}

static bool is_seq(const yaml_node_t *n)
{
	return n && n->type == YAML_SEQUENCE_NODE;
}

/* A string value, with the error said once if it is not one. */
static char *want_str(struct loader *l, yaml_node_t *n, const char *what)
{
	const char *s = scalar(n);

	if (!s) {
		lerr(l, n, "%s must be a string", what);
		return NULL;
	}
	return xstrdup(s);
}

/* The place of @s among @names (@nr of them, or fewer up to a NULL), or -1. */
static int name_index(const char *const *names, size_t nr, const char *s)
{
	size_t i;

	for (i = 0; s && i < nr && names[i]; i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	return -1;
}

/*
 * "a, b, c" into @sb, or "a, b or c" with @last " or ": the valid values an
 * error lists, from the table the loader checks against, so the two cannot
 * drift apart.  @names ends at @nr or at a NULL.
 */
static const char *name_list(struct strbuf *sb, const char *const *names, size_t nr,
			     const char *last)
{
	size_t i, n;

	for (n = 0; n < nr && names[n]; n++)
		;
	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", !i ? "" : i + 1 < n ? ", " : last, names[i]);
	return sb->buf;
}

/* Unknown keys list the valid ones, so a typo is a one-glance fix. */
static bool check_keys(struct loader *l, yaml_node_t *map, const char *const *valid, const char *what)
{
	yaml_node_pair_t *p;
	bool ok = true;

	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(l, p->key);
		const char *key = scalar(k);
		struct strbuf sb = STRBUF_INIT;

		if (name_index(valid, SIZE_MAX, key) >= 0)
			continue;
		lerr(l, k, "unknown key '%s' in %s; expected one of: %s", key ? key : "?", what,
		     name_list(&sb, valid, SIZE_MAX, ", "));
		strbuf_release(&sb);
		ok = false;
	}
	return ok;
}

static yaml_node_t *get(struct loader *l, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	if (!is_map(map))
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(l, p->key));

		if (k && !strcmp(k, key))
			return node(l, p->value);
	}
	return NULL;
}

/* The string value of @key in mapping @m, or NULL when it has none (an error when not a string). */
static char *get_str(struct loader *l, yaml_node_t *m, const char *key)
{
	yaml_node_t *v = get(l, m, key);
	char what[64];

	if (!v)
		return NULL;
	snprintf(what, sizeof(what), "'%s'", key);
	return want_str(l, v, what);
}

/* ---- values -------------------------------------------------------------- */

/* A rule's "2.6.37" and a host's release compare as the kernel.version_code fact does. */
int64_t version_code_of(const char *s)
{
	return kernel_version_code((struct span){ s, strlen(s) });
}

void rvalue_format(struct strbuf *sb, const struct rvalue *v)
{
	if (v->kind != RV_NUM)
		strbuf_addstr(sb, v->str ? v->str : "?");
	else if (v->unit == RU_SIZE)
		strbuf_add_kb(sb, v->num);
	else if (v->unit == RU_PERCENT)
		strbuf_addf(sb, "%.15g%%", 100.0 * v->num);
	else
		strbuf_addf(sb, "%.15g", v->num);
}

bool rvalue_parse(const char *s, struct rvalue *out)
{
	static const struct { const char *unit; double kb; } sizes[] = {
		{ "kB", 1 }, { "KB", 1 }, { "KiB", 1 }, { "MB", 1024 }, { "MiB", 1024 },
		{ "GB", 1048576 }, { "GiB", 1048576 }, { "TB", 1073741824.0 }, { "TiB", 1073741824.0 },
	};
	const char *p = s, *end = s + strlen(s);
	double v;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (s[0] == '$' && s[1]) {
		out->kind = RV_PARAM;
		out->str = xstrdup(s + 1);
		return true;
	}
	out->kind = RV_STR;
	out->str = xstrdup(s);
	if (!*s || (!is_digit(*s) && *s != '-' && *s != '.') || !scan_double(&p, end, &v))
		return true;
	while (p < end && *p == ' ')
		p++;
	if (p == end) {
		out->kind = RV_NUM;
		out->num = v;
		return true;
	}
	if (!strcmp(p, "%")) {
		out->kind = RV_NUM;
		out->num = v / 100.0;
		out->unit = RU_PERCENT;
		return true;
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		if (!strcmp(p, sizes[i].unit)) {
			out->kind = RV_NUM;
			out->num = v * sizes[i].kb;
			out->unit = RU_SIZE;
			return true;
		}
	}
	return true; /* "2.6.37", "256 256 32": strings */
}

static void rvalue_release(struct rvalue *v)
{
	free(v->str);
	v->str = NULL;
}

static bool parse_rvalue(struct loader *l, yaml_node_t *n, struct rvalue *out)
{
	const char *s = scalar(n);

	if (!s) {
		lerr(l, n, "expected a value (number, string or $parameter)");
		memset(out, 0, sizeof(*out));
		return false;
	}
	rvalue_parse(s, out);
	out->loc = loc_of(l, n);
	return true;
}

/* ---- regexes ------------------------------------------------------------- */

static pcre2_code *compile_regex(struct loader *l, yaml_node_t *n)
{
	const char *pat = scalar(n);
	int err;
	PCRE2_SIZE off;
	pcre2_code *re;
	pcre2_match_data *md;
	size_t i, len;
	bool caseless;
	struct strbuf lit = STRBUF_INIT;

	if (!pat) {
		lerr(l, n, "a regex must be a string");
		return NULL;
	}
	len = strlen(pat);
	if ((n->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	     n->data.scalar.style == YAML_FOLDED_SCALAR_STYLE) && len && pat[len - 1] == '\n') {
		lerr(l, n, "this block scalar ends the regex with a newline, so it never matches a line; use '|-' or a quoted string");
		return NULL;
	}
	for (i = 0; n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && i < len; i++) {
		if ((unsigned char)pat[i] < 0x20) {
			lerr(l, n, "double quotes turned a backslash escape into a control character (byte 0x%02x); write the regex in single quotes", (unsigned char)pat[i]);
			return NULL;
		}
	}
	re = pcre2_compile((PCRE2_SPTR)pat, len, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		yaml_node_t at = *n;

		pcre2_get_error_message(err, msg, sizeof(msg));
		if (n->start_mark.line == n->end_mark.line) {
			/* point at the offending character; +1 for an opening quote */
			at.start_mark.column += off + (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE);
			at.end_mark = at.start_mark;
			at.end_mark.column++;
		}
		lerr(l, &at, "invalid regex: %s (at offset %zu)", (char *)msg, (size_t)off);
		return NULL;
	}
	/* valgrind cannot follow JIT-compiled code: MEMTRIAGE_NO_JIT=1 interprets instead */
	if (!l->rs->no_jit)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	if (pcre2_match(re, (PCRE2_SPTR) "", 0, 0, 0, md, NULL) >= 0) {
		lerr(l, n, "this regex matches the empty string, so it matches every line");
		pcre2_match_data_free(md);
		pcre2_code_free(re);
		return NULL;
	}
	pcre2_match_data_free(md);
	if (!regex_required_literal(pat, &lit, &caseless))
		diag_warn(l->d, l->file, (unsigned)n->start_mark.line + 1,
			  "this regex has no literal of %d characters outside groups and alternatives, so every log line must be read in full (much slower); write a fixed word of it outside any group",
			  REGEX_MIN_LITERAL);
	strbuf_release(&lit);
	return re;
}

/* ---- comparisons ----------------------------------------------------------- */

static int op_of(const char *k)
{
	return name_index(cmp_op_names, OP__COUNT, k);
}

static void add_test(struct loader *l, struct tests *ts, int op, yaml_node_t *v)
{
	struct test t = { 0 };
	yaml_node_item_t *it;

	t.op = (enum cmp_op)op;
	t.loc = loc_of(l, v);
	if (op == OP_MATCHES) {
		if (!(t.re = compile_regex(l, v)))
			return;
	} else if (op == OP_IN) {
		if (!is_seq(v)) {
			lerr(l, v, "'in' takes a list");
			return;
		}
		for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			ALLOC_GROW(t.list, t.nr_list, t.alloc_list);
			parse_rvalue(l, node(l, *it), &t.list[t.nr_list++]);
		}
	} else if (op == OP_EXISTS) {
		const char *s = scalar(v);

		t.v.kind = RV_NUM;
		t.v.num = s && !strcmp(s, "false") ? 0 : 1;
	} else {
		const char *s = scalar(v);

		if (s && (!strcmp(s, "true") || !strcmp(s, "false"))) {
			t.v.kind = RV_NUM;
			t.v.num = !strcmp(s, "true");
		} else {
			parse_rvalue(l, v, &t.v);
		}
	}
	ALLOC_GROW(ts->items, ts->nr, ts->alloc);
	ts->items[ts->nr++] = t;
}

/* "{ge: 3, lt: 10}", or a bare scalar meaning "eq" */
static void parse_tests(struct loader *l, yaml_node_t *n, struct tests *ts, bool bare_eq)
{
	yaml_node_pair_t *p;

	if (!is_map(n)) {
		if (bare_eq && scalar(n)) {
			add_test(l, ts, OP_EQ, n);
			return;
		}
		lerr(l, n, "expected comparisons such as {ge: 3}");
		return;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(l, p->key);
		int op = scalar(k) ? op_of(scalar(k)) : -1;
		struct strbuf sb = STRBUF_INIT;

		if (op < 0) {
			lerr(l, k, "unknown comparison '%s'; expected one of: %s", scalar(k) ? scalar(k) : "?",
			     name_list(&sb, cmp_op_names, OP__COUNT, ", "));
			strbuf_release(&sb);
			continue;
		}
		add_test(l, ts, op, node(l, p->value));
	}
}

static void tests_release(struct tests *ts)
{
	size_t i, k;

	for (i = 0; i < ts->nr; i++) {
		rvalue_release(&ts->items[i].v);
		for (k = 0; k < ts->items[i].nr_list; k++)
			rvalue_release(&ts->items[i].list[k]);
		free(ts->items[i].list);
		if (ts->items[i].re)
			pcre2_code_free(ts->items[i].re);
	}
	free(ts->items);
	memset(ts, 0, sizeof(*ts));
}

/* ---- conditions ------------------------------------------------------------ */

static const char *const cond_keys[] = {
	"all", "any", "not", "fact", "ratio", "kernel", "hypervisor", "events", "log", "check",
	"count", "exists", "eq", "ne", "lt", "le", "gt", "ge", "in", "matches", "contains", NULL,
};
static const char *const kind_keys[C__COUNT] = {
	"all", "any", "not", "fact", "ratio", "kernel", "hypervisor", "events", "log", "check",
};
static const char *const checks[] = { "configured-key-unknown", "configured-not-running",
				      /* judged over a fleet's history by `memtriage history` */
				      "fleet-guests-killed-together", "fleet-same-program" };

static struct cond *parse_cond(struct loader *l, yaml_node_t *n);

static void words_of(struct loader *l, yaml_node_t *n, struct cond *c)
{
	yaml_node_item_t *it;

	if (scalar(n)) {
		ALLOC_GROW(c->words, c->nr_words, c->alloc_words);
		c->words[c->nr_words++] = xstrdup(scalar(n));
		return;
	}
	if (!is_seq(n)) {
		lerr(l, n, "expected a word or a list of words");
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		char *w = want_str(l, node(l, *it), "a list item");

		if (!w)
			continue;
		ALLOC_GROW(c->words, c->nr_words, c->alloc_words);
		c->words[c->nr_words++] = w;
	}
}

/*
 * Facts must be in the catalog.  Names only a family pattern covers
 * ("meminfo.<Key>") cannot be checked key by key: a site's rule gets a
 * warning, in case of a typo.
 */
static void check_fact(struct loader *l, yaml_node_t *n, const char *name)
{
	int found = name ? fact_catalog_lookup(name) : 2;

	if (!found)
		lerr(l, n, "unknown fact '%s'; the fact catalog is docs/facts.md (memtriage --list-facts)", name);
	else if (found == 1 && l->site)
		diag_warn(l->d, l->file, (unsigned)n->start_mark.line + 1,
			  "fact '%s' is not in the catalog by name, only by its family; check the spelling", name);
}

/* The units of a window ("7d"), and what each is in seconds. */
static const char *const window_units[] = { "s", "m", "h", "d", "w" };
static const int64_t window_unit_secs[] = { 1, 60, 3600, 86400, 7 * 86400 };
_Static_assert(ARRAY_SIZE(window_units) == ARRAY_SIZE(window_unit_secs), "seconds for each unit");

/* "7d", "12h", "90m", "2w", "30s": a window in seconds, or -1 */
static int64_t window_seconds(const char *s)
{
	const char *p = s, *end = s + strlen(s);
	uint64_t n;
	size_t i;

	if (!scan_u64(&p, end, &n) || !n || n > 3650 || end - p != 1)
		return -1;
	for (i = 0; i < ARRAY_SIZE(window_units); i++)
		if (*p == window_units[i][0])
			return (int64_t)n * window_unit_secs[i];
	return -1;
}

static void parse_events(struct loader *l, yaml_node_t *n, struct cond *c)
{
	static const char *const keys[] = { "type", "where", "same", "within", NULL };
	yaml_node_t *t = get(l, n, "type"), *w = get(l, n, "where"), *s = get(l, n, "same");
	yaml_node_t *win = get(l, n, "within");
	yaml_node_pair_t *p;

	if (!is_map(n)) {
		struct strbuf sb = STRBUF_INIT;

		lerr(l, n, "'events' takes a mapping: %s", name_list(&sb, keys, SIZE_MAX, ", "));
		strbuf_release(&sb);
		return;
	}
	check_keys(l, n, keys, "events");
	if (win && (!scalar(win) || (c->within_s = window_seconds(scalar(win))) < 0)) {
		struct strbuf sb = STRBUF_INIT;

		lerr(l, win, "'within' takes a window: a number and %s (7d)",
		     name_list(&sb, window_units, ARRAY_SIZE(window_units), " or "));
		strbuf_release(&sb);
		c->within_s = 0;
	}
	if (c->within_s > l->rs->max_within_s)
		l->rs->max_within_s = c->within_s;
	if (t)
		words_of(l, t, c);
	for (size_t i = 0; i < c->nr_words; i++) {
		struct strbuf sb = STRBUF_INIT;

		if (name_index(oom_type_names, OOM__TYPES, c->words[i]) < 0)
			lerr(l, t, "unknown event type '%s'; expected one of: %s", c->words[i],
			     name_list(&sb, oom_type_names, OOM__TYPES, ", "));
		strbuf_release(&sb);
	}
	if (s) {
		c->same = want_str(l, s, "'same'");
		if (c->same && !event_field_known(c->same))
			lerr(l, s, "unknown event field '%s'; see rules/README.md", c->same);
	}
	if (!w)
		return;
	if (!is_map(w)) {
		lerr(l, w, "'where' takes a mapping of event fields");
		return;
	}
	for (p = w->data.mapping.pairs.start; p < w->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(l, p->key);
		struct event_where *ew;

		if (!scalar(k) || !event_field_known(scalar(k))) {
			lerr(l, k, "unknown event field '%s'; see rules/README.md", scalar(k) ? scalar(k) : "?");
			continue;
		}
		if (event_field_takes_arg(scalar(k))) {
			lerr(l, k, "'%s' is computed at a sysctl value: only a recommendation's 'effect' can name it",
			     scalar(k));
			continue;
		}
		ALLOC_GROW(c->where, c->nr_where, c->alloc_where);
		ew = &c->where[c->nr_where++];
		memset(ew, 0, sizeof(*ew));
		ew->field = xstrdup(scalar(k));
		parse_tests(l, node(l, p->value), &ew->tests, true);
	}
}

/* the comparisons written beside the condition's kind key */
static void sibling_tests(struct loader *l, yaml_node_t *n, struct tests *ts, bool count)
{
	yaml_node_pair_t *p;

	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(l, p->key));
		int op = k ? op_of(k) : -1;

		if (count && k && !strcmp(k, "count"))
			parse_tests(l, node(l, p->value), ts, false);
		else if (!count && op >= 0)
			add_test(l, ts, op, node(l, p->value));
		else if (op >= 0 || (k && !strcmp(k, "count")))
			lerr(l, node(l, p->key), "'%s' does not apply here", k);
	}
}

static int cond_kind_of(struct loader *l, yaml_node_t *n)
{
	struct strbuf sb = STRBUF_INIT;
	int kind = -1, i;

	for (i = 0; i < C__COUNT; i++) {
		if (!get(l, n, kind_keys[i]))
			continue;
		if (kind >= 0) {
			lerr(l, n, "a condition has one of %s; this one has '%s' and '%s'",
			     name_list(&sb, kind_keys, C__COUNT, ", "), kind_keys[kind], kind_keys[i]);
			strbuf_release(&sb);
			return -1;
		}
		kind = i;
	}
	if (kind < 0)
		lerr(l, n, "a condition needs one of: %s", name_list(&sb, kind_keys, C__COUNT, ", "));
	strbuf_release(&sb);
	return kind;
}

/* all: [...] and any: [...]; a condition with errors is left out, its errors said */
static void parse_kids(struct loader *l, yaml_node_t *v, struct cond *c)
{
	yaml_node_item_t *it;

	if (!is_seq(v)) {
		lerr(l, v, "'%s' takes a list of conditions", kind_keys[c->kind]);
		return;
	}
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		struct cond *k = parse_cond(l, node(l, *it));

		if (!k)
			continue;
		ALLOC_GROW(c->kids, c->nr_kids, c->alloc_kids);
		c->kids[c->nr_kids++] = k;
	}
}

/* ratio: [numerator, denominator]; false when it is not two items, for the tests to wait */
static bool parse_ratio(struct loader *l, yaml_node_t *v, struct cond *c)
{
	yaml_node_t *num, *den;

	if (!is_seq(v) || v->data.sequence.items.top - v->data.sequence.items.start != 2) {
		lerr(l, v, "'ratio' takes two facts: [numerator, denominator]");
		return false;
	}
	num = node(l, v->data.sequence.items.start[0]);
	den = node(l, v->data.sequence.items.start[1]);
	c->fact = want_str(l, num, "a fact");
	c->fact2 = want_str(l, den, "a fact");
	check_fact(l, num, c->fact);
	check_fact(l, den, c->fact2);
	return true;
}

/* log: REGEX, compiled once and handed to the log pipeline with the rule set's others */
static void parse_log(struct loader *l, yaml_node_t *v, struct cond *c)
{
	struct ruleset *rs = l->rs;

	c->pattern = scalar(v) ? xstrdup(scalar(v)) : NULL;
	if (!(c->re = compile_regex(l, v)))
		return;
	ALLOC_GROW(rs->log_res, rs->nr_log_res, rs->alloc_log_res);
	ALLOC_GROW(rs->log_pats, rs->nr_log_res, rs->alloc_log_pats);
	c->log_index = (unsigned)rs->nr_log_res;
	rs->log_pats[rs->nr_log_res] = xstrdup(c->pattern);
	rs->log_res[rs->nr_log_res++] = c->re;
}

static void parse_check(struct loader *l, yaml_node_t *v, struct cond *c)
{
	struct strbuf sb = STRBUF_INIT;

	c->check = want_str(l, v, "'check'");
	if (c->check && name_index(checks, ARRAY_SIZE(checks), c->check) < 0)
		lerr(l, v, "unknown check '%s'; expected one of: %s", c->check,
		     name_list(&sb, checks, ARRAY_SIZE(checks), ", "));
	strbuf_release(&sb);
}

static struct cond *parse_cond(struct loader *l, yaml_node_t *n)
{
	struct cond *c;
	yaml_node_t *v;
	int kind;

	if (!is_map(n)) {
		lerr(l, n, "a condition must be a mapping");
		return NULL;
	}
	check_keys(l, n, cond_keys, "a condition");
	if ((kind = cond_kind_of(l, n)) < 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->kind = (enum cond_kind)kind;
	c->loc = loc_of(l, n);
	v = get(l, n, kind_keys[kind]);
	switch (c->kind) {
	case C_ALL:
	case C_ANY:
		parse_kids(l, v, c);
		break;
	case C_NOT:
		c->kids = xcalloc(1, sizeof(*c->kids));
		if ((c->kids[0] = parse_cond(l, v)))
			c->nr_kids = 1;
		break;
	case C_FACT:
		c->fact = want_str(l, v, "'fact'");
		check_fact(l, v, c->fact);
		sibling_tests(l, n, &c->tests, false);
		break;
	case C_RATIO:
		if (parse_ratio(l, v, c))
			sibling_tests(l, n, &c->tests, false);
		break;
	case C_KERNEL:
		parse_tests(l, v, &c->tests, true);
		break;
	case C_HYPERVISOR:
		words_of(l, v, c);
		break;
	case C_EVENTS:
		parse_events(l, v, c);
		sibling_tests(l, n, &c->tests, true);
		break;
	case C_LOG:
		parse_log(l, v, c);
		sibling_tests(l, n, &c->tests, true);
		break;
	case C_CHECK:
		parse_check(l, v, c);
		break;
	default:
		break;
	}
	return c;
}

static void cond_free(struct cond *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nr_kids; i++)
		cond_free(c->kids[i]);
	free(c->kids);
	free(c->fact);
	free(c->fact2);
	tests_release(&c->tests);
	for (i = 0; i < c->nr_words; i++)
		free(c->words[i]);
	free(c->words);
	for (i = 0; i < c->nr_where; i++) {
		free(c->where[i].field);
		tests_release(&c->where[i].tests);
	}
	free(c->where);
	free(c->same);
	free(c->pattern);
	free(c->check);
	free(c); /* c->re belongs to the ruleset's log_res */
}

/* ---- recommendations, rules, knobs --------------------------------------------- */

/*
 * Every "{name}" of a summary or an effect names an event field or a
 * "$param" of the rule; an effect also "value", "current", "event" and the
 * fields computed at a value ("dirty.limit_kb(value)").
 */
static void check_template(struct loader *l, yaml_node_t *n, const char *text, const struct rule *r,
			   bool effect)
{
	const char *p = text, *close, *why;

	while ((p = strchr(p, '{')) && (close = strchr(p, '}'))) {
		char *name = xstrndup(p + 1, (size_t)(close - p - 1));

		if (!template_name_ok(name, r, effect, &why))
			lerr(l, n, "the %s names '%s', which is %s", effect ? "effect" : "summary", name, why);
		free(name);
		p = close + 1;
	}
}

/* "effect: TEMPLATE" or a list of them: the clauses of what the value does. */
static void parse_effect(struct loader *l, yaml_node_t *n, struct rule *r, struct rec *rec)
{
	yaml_node_item_t *it;

	if (!is_seq(n)) {
		char *s = want_str(l, n, "'effect'");

		if (!s)
			return;
		check_template(l, n, s, r, true);
		ALLOC_GROW(rec->effect, rec->nr_effect, rec->alloc_effect);
		rec->effect[rec->nr_effect++] = s;
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
		parse_effect(l, node(l, *it), r, rec);
}

/* "at_least: {event: FIELD, times: X}": never below X times what the events show (the value the host ran with) */
static void parse_at_least(struct loader *l, yaml_node_t *n, struct rec_value *rv)
{
	static const char *const keys[] = { "event", "times", NULL };
	yaml_node_t *v;
	struct rvalue tmp;

	rv->at_least_times = 1;
	if (!is_map(n)) {
		lerr(l, n, "'at_least' takes {event: FIELD, times: X}");
		return;
	}
	check_keys(l, n, keys, "'at_least'");
	if (!(v = get(l, n, "event")))
		lerr(l, n, "'at_least' needs an 'event' field");
	else if ((rv->at_least = want_str(l, v, "'event'")) && !event_field_known(rv->at_least))
		lerr(l, v, "unknown event field '%s' (see docs/facts.md)", rv->at_least);
	if ((v = get(l, n, "times")) && parse_rvalue(l, v, &tmp)) {
		rv->at_least_times = tmp.num;
		rvalue_release(&tmp);
	}
}

static void parse_rec_value(struct loader *l, yaml_node_t *n, struct rec_value *rv)
{
	static const char *const keys[] = { "fact", "event", "times", "min", "max", "at_least", NULL };
	yaml_node_t *v;
	struct rvalue tmp;

	memset(rv, 0, sizeof(*rv));
	rv->times = 1;
	if (!is_map(n)) {
		parse_rvalue(l, n, &rv->lit);
		return;
	}
	check_keys(l, n, keys, "a computed value");
	rv->fact = (v = get(l, n, "fact")) ? want_str(l, v, "'fact'") : NULL;
	check_fact(l, v, rv->fact);
	if ((v = get(l, n, "event")) && (rv->event = want_str(l, v, "'event'")) && !event_field_known(rv->event))
		lerr(l, v, "unknown event field '%s' (see docs/facts.md)", rv->event);
	if (!rv->fact && !rv->event)
		lerr(l, n, "a computed value needs 'fact' or 'event'");
	if ((v = get(l, n, "times")) && parse_rvalue(l, v, &tmp)) {
		rv->times = tmp.num;
		rvalue_release(&tmp);
	}
	if ((v = get(l, n, "min")) && parse_rvalue(l, v, &tmp)) {
		rv->min = tmp.num;
		rv->has_min = true;
		rvalue_release(&tmp);
	}
	if ((v = get(l, n, "max")) && parse_rvalue(l, v, &tmp)) {
		rv->max = tmp.num;
		rv->has_max = true;
		rvalue_release(&tmp);
	}
	if ((v = get(l, n, "at_least")))
		parse_at_least(l, v, rv);
}

/*
 * The two shapes of a recommendation, as a malformed one is told: a sysctl
 * to set (its value, why, for which kernels) or an action to take, and why.
 */
static const char *const rec_sysctl_shape[] = { "sysctl", "value", "reason", "kernel", NULL };
static const char *const rec_action_shape[] = { "action", "reason", NULL };

static void parse_recs(struct loader *l, yaml_node_t *n, struct rule *r)
{
	static const char *const keys[] = { "sysctl", "value", "action", "reason", "effect", "kernel", "when",
					    NULL };
	yaml_node_item_t *it;

	if (!is_seq(n)) {
		lerr(l, n, "'recommend' takes a list");
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *m = node(l, *it), *v;
		struct rec *rec;

		if (!is_map(m)) {
			struct strbuf sysctl = STRBUF_INIT, action = STRBUF_INIT;

			lerr(l, m, "a recommendation is a mapping: %s (or %s)",
			     name_list(&sysctl, rec_sysctl_shape, SIZE_MAX, ", "),
			     name_list(&action, rec_action_shape, SIZE_MAX, ", "));
			strbuf_release(&sysctl);
			strbuf_release(&action);
			continue;
		}
		check_keys(l, m, keys, "a recommendation");
		ALLOC_GROW(r->recs, r->nr_recs, r->alloc_recs);
		rec = &r->recs[r->nr_recs++];
		memset(rec, 0, sizeof(*rec));
		rec->loc = loc_of(l, m);
		rec->sysctl = get_str(l, m, "sysctl");
		rec->action = get_str(l, m, "action");
		rec->reason = get_str(l, m, "reason");
		if (!rec->sysctl == !rec->action)
			lerr(l, m, "a recommendation has either 'sysctl' (with 'value') or 'action'");
		if (rec->sysctl && !(v = get(l, m, "value")))
			lerr(l, m, "a sysctl recommendation needs 'value'");
		else if (rec->sysctl)
			parse_rec_value(l, v, &rec->value);
		if (!rec->reason)
			lerr(l, m, "a recommendation needs 'reason': say why");
		if ((v = get(l, m, "effect")) && !rec->sysctl)
			lerr(l, v, "'effect' goes with 'sysctl': it says what the value does");
		else if (v)
			parse_effect(l, v, r, rec);
		if ((v = get(l, m, "kernel")))
			parse_tests(l, v, &rec->kernel, false);
		if ((v = get(l, m, "when")))
			rec->when = parse_cond(l, v);
	}
}

static void parse_params(struct loader *l, yaml_node_t *n, struct rule *r)
{
	yaml_node_pair_t *p;

	if (!is_map(n)) {
		lerr(l, n, "'params' takes a mapping of name: value");
		return;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(l, p->key));
		size_t i;

		if (!k)
			continue;
		for (i = 0; i < r->nr_params && strcmp(r->params[i].name, k); i++)
			;
		if (i == r->nr_params) {
			ALLOC_GROW(r->params, r->nr_params, r->alloc_params);
			r->params[i].name = xstrdup(k);
			memset(&r->params[i].v, 0, sizeof(r->params[i].v));
			r->nr_params++;
		} else {
			rvalue_release(&r->params[i].v);
		}
		parse_rvalue(l, node(l, p->value), &r->params[i].v);
	}
}

static void rule_release(struct rule *r)
{
	size_t i, k;

	free(r->id);
	free(r->title);
	free(r->explanation);
	free(r->summary);
	for (i = 0; i < r->nr_figures; i++)
		free(r->figures[i]);
	free(r->figures);
	for (i = 0; i < r->nr_refs; i++)
		free(r->refs[i]);
	free(r->refs);
	for (i = 0; i < r->nr_params; i++) {
		free(r->params[i].name);
		rvalue_release(&r->params[i].v);
	}
	free(r->params);
	cond_free(r->when);
	for (i = 0; i < r->nr_recs; i++) {
		free(r->recs[i].sysctl);
		rvalue_release(&r->recs[i].value.lit);
		free(r->recs[i].value.fact);
		free(r->recs[i].value.event);
		free(r->recs[i].value.at_least);
		free(r->recs[i].action);
		free(r->recs[i].reason);
		for (k = 0; k < r->recs[i].nr_effect; k++)
			free(r->recs[i].effect[k]);
		free(r->recs[i].effect);
		tests_release(&r->recs[i].kernel);
		cond_free(r->recs[i].when);
	}
	free(r->recs);
	memset(r, 0, sizeof(*r));
}

/*
 * "cause: KIND", "summary: TEMPLATE", "figures: [field, ...]": what the rule
 * says an event's cause is.  Without a cause, a summary words what the rule
 * found at each event (its detail line).
 */
/* The kind @v names, or -1 with an error listing the kinds. */
static int want_cause(struct loader *l, yaml_node_t *v)
{
	struct strbuf valid = STRBUF_INIT;
	int kind = scalar(v) ? ruleset_cause(l->rs, scalar(v)) : -1;
	size_t i;

	if (kind >= 0 || !scalar(v))
		return kind;
	for (i = 0; i < l->rs->nr_kinds; i++)
		strbuf_addf(&valid, "%s%s", i ? ", " : "", l->rs->kinds[i].name);
	lerr(l, v, "unknown cause '%s'; expected one of: %s", scalar(v),
	     valid.len ? valid.buf : "(no causes loaded: rules/causes.yaml lists them)");
	strbuf_release(&valid);
	return -1;
}

static void parse_rule_cause(struct loader *l, yaml_node_t *n, struct rule *r)
{
	yaml_node_t *v = get(l, n, "cause"), *s = get(l, n, "summary"), *f = get(l, n, "figures"),
		    *after = get(l, n, "ranks_after");
	int other;

	r->cause = -1;
	if (!v) {
		if (f)
			lerr(l, f, "'figures' go with 'cause'");
		else if (after)
			lerr(l, after, "'ranks_after' goes with 'cause'");
		else if (s && (r->summary = want_str(l, s, "'summary'")))
			check_template(l, s, r->summary, r, false);
		return;
	}
	r->cause = want_cause(l, v);
	r->rank = 2 * r->cause;
	if (after && (other = want_cause(l, after)) >= 0) {
		if (other <= r->cause)
			lerr(l, after, "'ranks_after' names '%s' itself or a kind before it in rules/causes.yaml: "
			     "it would change nothing", l->rs->kinds[r->cause].name);
		else
			r->rank = 2 * other + 1;
	}
	if (!s)
		lerr(l, v, "a rule with a 'cause' needs a 'summary'");
	else if ((r->summary = want_str(l, s, "'summary'")))
		check_template(l, s, r->summary, r, false);
	if (f && !is_seq(f))
		lerr(l, f, "'figures' takes a list of event fields");
	for (yaml_node_item_t *it = is_seq(f) ? f->data.sequence.items.start : NULL;
	     it && it < f->data.sequence.items.top; it++) {
		yaml_node_t *item = node(l, *it);
		char *name = want_str(l, item, "an event field");

		if (!name)
			continue;
		if (!event_field_known(name))
			lerr(l, item, "unknown event field '%s' (see docs/facts.md)", name);
		ALLOC_GROW(r->figures, r->nr_figures, r->alloc_figures);
		r->figures[r->nr_figures++] = name;
	}
}

/* "causes: [{kind, doc, summary}]": the vocabulary, in precedence order. */
static void parse_causes(struct loader *l, yaml_node_t *n)
{
	static const char *const keys[] = { "kind", "doc", "summary", NULL };

	if (!is_seq(n)) {
		lerr(l, n, "'causes' takes a list of {kind, doc}");
		return;
	}
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *m = node(l, *it), *v;
		struct cause_kind k = { 0 };
		int at;

		if (!is_map(m)) {
			struct strbuf sb = STRBUF_INIT;

			lerr(l, m, "a cause is a mapping with: %s", name_list(&sb, keys, SIZE_MAX, ", "));
			strbuf_release(&sb);
			continue;
		}
		check_keys(l, m, keys, "a cause");
		k.loc = loc_of(l, m);
		k.name = get_str(l, m, "kind");
		k.doc = get_str(l, m, "doc");
		k.summary = (v = get(l, m, "summary")) ? want_str(l, v, "'summary'") : NULL;
		if (k.summary)
			check_template(l, v, k.summary, NULL, false);
		if (!k.name || !k.doc) {
			lerr(l, m, "a cause needs a kind and a doc");
		} else if ((at = ruleset_cause(l->rs, k.name)) >= 0) {
			struct cause_kind *was = &l->rs->kinds[at];

			if (!l->site || was->loc.file == l->file) {
				lerr(l, get(l, m, "kind"), "cause '%s' is listed twice", k.name);
			} else {
				/* a site file may reword a kind, not move it: the order is the vocabulary's */
				free(was->doc);
				free(was->summary);
				was->doc = k.doc;
				was->summary = k.summary;
				was->loc = k.loc;
				free(k.name);
				continue;
			}
		} else {
			ALLOC_GROW(l->rs->kinds, l->rs->nr_kinds, l->rs->alloc_kinds);
			l->rs->kinds[l->rs->nr_kinds++] = k;
			continue;
		}
		free(k.name);
		free(k.doc);
		free(k.summary);
	}
}

int ruleset_cause(const struct ruleset *rs, const char *name)
{
	size_t i;

	for (i = 0; i < rs->nr_kinds; i++)
		if (!strcmp(rs->kinds[i].name, name))
			return (int)i;
	return -1;
}

static void parse_rule(struct loader *l, yaml_node_t *n)
{
	static const char *const keys[] = { "id", "title", "severity", "explanation", "references",
					    "params", "when", "recommend", "cause", "summary", "figures",
					    "ranks_after", NULL };
	struct rule r = { 0 };
	yaml_node_t *v;
	size_t i, errors = l->errors;

	if (!is_map(n)) {
		lerr(l, n, "a rule is a mapping");
		return;
	}
	check_keys(l, n, keys, "a rule");
	r.loc = loc_of(l, n);
	r.id = get_str(l, n, "id");
	r.title = get_str(l, n, "title");
	r.explanation = get_str(l, n, "explanation");
	if (!r.id || !r.title || !r.explanation)
		lerr(l, n, "a rule needs id, title, severity, explanation and when");
	if ((v = get(l, n, "severity"))) {
		int sev = name_index(severity_names, SEV__COUNT, scalar(v));
		struct strbuf sb = STRBUF_INIT;

		if (sev < 0)
			lerr(l, v, "unknown severity '%s'; expected one of: %s", scalar(v) ? scalar(v) : "?",
			     name_list(&sb, severity_names, SEV__COUNT, ", "));
		strbuf_release(&sb);
		r.severity = sev >= 0 ? (enum severity)sev : SEV_WARNING;
	} else {
		struct strbuf sb = STRBUF_INIT;

		lerr(l, n, "a rule needs a severity: %s", name_list(&sb, severity_names, SEV__COUNT, " or "));
		strbuf_release(&sb);
	}
	if ((v = get(l, n, "references"))) {
		if (!is_seq(v))
			lerr(l, v, "'references' takes a list");
		for (yaml_node_item_t *it = is_seq(v) ? v->data.sequence.items.start : NULL;
		     it && it < v->data.sequence.items.top; it++) {
			char *s = want_str(l, node(l, *it), "a reference");

			if (!s)
				continue;
			ALLOC_GROW(r.refs, r.nr_refs, r.alloc_refs);
			r.refs[r.nr_refs++] = s;
		}
	}
	if ((v = get(l, n, "params")))
		parse_params(l, v, &r);
	parse_rule_cause(l, n, &r);
	if ((v = get(l, n, "when")))
		r.when = parse_cond(l, v);
	else
		lerr(l, n, "a rule needs 'when'");
	if ((v = get(l, n, "recommend")))
		parse_recs(l, v, &r);
	if (l->errors > errors) {
		rule_release(&r);
		return;
	}
	for (i = 0; i < l->rs->nr; i++) {
		if (strcmp(l->rs->rules[i].id, r.id))
			continue;
		if (!l->site || l->rs->rules[i].loc.file == l->file) {
			lerr(l, get(l, n, "id"), "duplicate rule id '%s' (first at %s:%u)", r.id,
			     l->rs->rules[i].loc.file, l->rs->rules[i].loc.line);
			rule_release(&r);
			return;
		}
		/* a site rule replaces the shipped one of the same id */
		rule_release(&l->rs->rules[i]);
		l->rs->rules[i] = r;
		return;
	}
	ALLOC_GROW(l->rs->rules, l->rs->nr, l->rs->alloc);
	l->rs->rules[l->rs->nr++] = r;
}

/* "default: [{kernel: {lt: 2.6.22}, value: 40}, ...]": the knob's default by kernel era. */
static void parse_knob_defaults(struct loader *l, yaml_node_t *n, struct knob *kb)
{
	static const char *const keys[] = { "kernel", "value", NULL };
	yaml_node_item_t *it;

	if (!is_seq(n)) {
		lerr(l, n, "'default' takes a list of {kernel, value}");
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *m = node(l, *it), *v;
		struct knob_default *d;
		struct rvalue tmp;

		if (!is_map(m) || !(v = get(l, m, "value"))) {
			lerr(l, m, "a default is {kernel: {...}, value: N}");
			continue;
		}
		check_keys(l, m, keys, "a default");
		ALLOC_GROW(kb->defaults, kb->nr_defaults, kb->alloc_defaults);
		d = &kb->defaults[kb->nr_defaults++];
		memset(d, 0, sizeof(*d));
		if (parse_rvalue(l, v, &tmp)) {
			if (tmp.kind != RV_NUM)
				lerr(l, v, "a default value is a number");
			d->value = tmp.num;
			rvalue_release(&tmp);
		}
		if ((v = get(l, m, "kernel")))
			parse_tests(l, v, &d->kernel, false);
	}
}

static void parse_knobs(struct loader *l, yaml_node_t *n)
{
	static const char *const keys[] = { "kernel", "floor", "floor_kernel", "excludes", "default", "doc",
					    NULL };
	yaml_node_pair_t *p;

	if (!is_map(n)) {
		lerr(l, n, "'knobs' takes a mapping of sysctl name: properties");
		return;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(l, p->key), *m = node(l, p->value), *v;
		struct knob *kb;
		struct rvalue tmp;

		if (!scalar(k) || !is_map(m)) {
			lerr(l, m, "a knob is 'name: {kernel, floor, floor_kernel, excludes, default, doc}'");
			continue;
		}
		check_keys(l, m, keys, "a knob");
		ALLOC_GROW(l->rs->knobs, l->rs->nr_knobs, l->rs->alloc_knobs);
		kb = &l->rs->knobs[l->rs->nr_knobs++];
		memset(kb, 0, sizeof(*kb));
		kb->name = xstrdup(scalar(k));
		if ((v = get(l, m, "kernel")))
			parse_tests(l, v, &kb->kernel, false);
		if ((v = get(l, m, "floor")) && parse_rvalue(l, v, &tmp)) {
			kb->floor = tmp.num;
			rvalue_release(&tmp);
		}
		if ((v = get(l, m, "floor_kernel")))
			parse_tests(l, v, &kb->floor_kernel, false);
		kb->excludes = get_str(l, m, "excludes");
		if ((v = get(l, m, "default")))
			parse_knob_defaults(l, v, kb);
		kb->doc = get_str(l, m, "doc");
	}
}

/* "params: {rule-id: {name: value}}" and "disable: [rule-id]" of a site file */
static void parse_overrides(struct loader *l, yaml_node_t *params, yaml_node_t *disable)
{
	yaml_node_pair_t *p;
	yaml_node_item_t *it;

	for (p = is_map(params) ? params->data.mapping.pairs.start : NULL;
	     p && p < params->data.mapping.pairs.top; p++) {
		const char *id = scalar(node(l, p->key));
		struct rule *r = (struct rule *)ruleset_find(l->rs, id ? id : "");

		if (!r) {
			lerr(l, node(l, p->key), "no rule '%s' to set parameters of", id ? id : "?");
			continue;
		}
		parse_params(l, node(l, p->value), r);
	}
	for (it = is_seq(disable) ? disable->data.sequence.items.start : NULL;
	     it && it < disable->data.sequence.items.top; it++) {
		const char *id = scalar(node(l, *it));
		struct rule *r = (struct rule *)ruleset_find(l->rs, id ? id : "");

		if (!r)
			lerr(l, node(l, *it), "no rule '%s' to disable", id ? id : "?");
		else
			r->disabled = true;
	}
}

static void load_doc(struct loader *l)
{
	static const char *const keys[] = { "causes", "rules", "knobs", "params", "disable", NULL };
	yaml_node_t *root = yaml_document_get_root_node(&l->doc), *v;

	if (!root)
		return; /* an empty file */
	if (!is_map(root)) {
		struct strbuf sb = STRBUF_INIT;

		lerr(l, root, "a rule file is a mapping with: %s", name_list(&sb, keys, SIZE_MAX, ", "));
		strbuf_release(&sb);
		return;
	}
	check_keys(l, root, keys, "a rule file");
	if ((v = get(l, root, "causes")))
		parse_causes(l, v);
	if ((v = get(l, root, "knobs")))
		parse_knobs(l, v);
	if ((v = get(l, root, "rules"))) {
		if (!is_seq(v))
			lerr(l, v, "'rules' takes a list of rules");
		for (yaml_node_item_t *it = is_seq(v) ? v->data.sequence.items.start : NULL;
		     it && it < v->data.sequence.items.top; it++)
			parse_rule(l, node(l, *it));
	}
	parse_overrides(l, get(l, root, "params"), get(l, root, "disable"));
}

size_t ruleset_load_string(struct ruleset *rs, const char *name, const char *text, bool site,
			   struct diag *d)
{
	struct loader l;
	yaml_parser_t parser;

	memset(&l, 0, sizeof(l));
	l.rs = rs;
	l.d = d;
	l.site = site;
	ALLOC_GROW_TO(rs->texts, rs->nr_texts + 2, rs->alloc_texts); /* the text and its name */
	rs->texts[rs->nr_texts++] = xstrdup(text);
	rs->texts[rs->nr_texts++] = xstrdup(name);
	l.text = rs->texts[rs->nr_texts - 2];
	l.file = rs->texts[rs->nr_texts - 1];
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
	if (!yaml_parser_load(&parser, &l.doc)) {
		yaml_node_t at = { 0 };

		at.start_mark = parser.problem_mark;
		at.end_mark = parser.problem_mark;
		lerr(&l, &at, "YAML: %s%s%s", parser.problem ? parser.problem : "syntax error",
		     parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return l.errors;
	}
	load_doc(&l);
	yaml_document_delete(&l.doc);
	yaml_parser_delete(&parser);
	return l.errors;
}

static size_t load_file(struct ruleset *rs, const char *path, bool site, struct diag *d)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n, errors;

	if (!f) {
		diag_error(d, path, 0, "cannot read rules: %s", strerror(errno));
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	if (memchr(sb.buf, '\0', sb.len)) {
		diag_error(d, path, 0, "not a YAML file (NUL bytes)");
		strbuf_release(&sb);
		return 1;
	}
	errors = ruleset_load_string(rs, path, sb.buf, site, d);
	strbuf_release(&sb);
	return errors;
}

/* "oom.yaml", "site.yml": a rule file of a rules folder */
static bool is_rule_file(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && (!strcmp(name + len - 5, ".yaml") || !strcmp(name + len - 4, ".yml"));
}

size_t ruleset_load_path(struct ruleset *rs, const char *path, bool site, struct diag *d)
{
	struct stat st;
	struct dir_names dn;
	size_t i, errors = 0;

	if (stat(path, &st)) {
		diag_error(d, path, 0, "cannot read rules: %s", strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(rs, path, site, d);
	if (dir_names_read(&dn, path, is_rule_file)) {
		diag_error(d, path, 0, "cannot read rules: %s", strerror(errno));
		return 1;
	}
	for (i = 0; i < dn.nr; i++) {
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "%s/%s", path, dn.at[i]);
		errors += load_file(rs, p.buf, site, d);
		strbuf_release(&p);
	}
	dir_names_release(&dn);
	return errors;
}

void ruleset_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
}

void ruleset_release(struct ruleset *rs)
{
	size_t i, k;

	for (i = 0; i < rs->nr; i++)
		rule_release(&rs->rules[i]);
	free(rs->rules);
	for (i = 0; i < rs->nr_knobs; i++) {
		free(rs->knobs[i].name);
		tests_release(&rs->knobs[i].kernel);
		tests_release(&rs->knobs[i].floor_kernel);
		free(rs->knobs[i].excludes);
		for (k = 0; k < rs->knobs[i].nr_defaults; k++)
			tests_release(&rs->knobs[i].defaults[k].kernel);
		free(rs->knobs[i].defaults);
		free(rs->knobs[i].doc);
	}
	free(rs->knobs);
	for (i = 0; i < rs->nr_kinds; i++) {
		free(rs->kinds[i].name);
		free(rs->kinds[i].doc);
		free(rs->kinds[i].summary);
	}
	free(rs->kinds);
	for (i = 0; i < rs->nr_log_res; i++) {
		pcre2_code_free(rs->log_res[i]);
		free((char *)rs->log_pats[i]);
	}
	free(rs->log_res);
	free(rs->log_pats);
	for (i = 0; i < rs->nr_texts; i++)
		free(rs->texts[i]);
	free(rs->texts);
	memset(rs, 0, sizeof(*rs));
}

const struct rule *ruleset_find(const struct ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->nr; i++)
		if (!strcmp(rs->rules[i].id, id))
			return &rs->rules[i];
	return NULL;
}

const struct knob *ruleset_knob(const struct ruleset *rs, const char *name)
{
	size_t i;

	for (i = 0; i < rs->nr_knobs; i++)
		if (!strcmp(rs->knobs[i].name, name))
			return &rs->knobs[i];
	return NULL;
}

const struct rvalue *rule_param(const struct rule *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nr_params; i++)
		if (!strcmp(r->params[i].name, name))
			return &r->params[i].v;
	return NULL;
}
