/*
 * tuned(8): the active profile and the sysctls it sets, tuned.conf(5).
 *
 *   etc/tuned/active_profile:   virtual-guest         (or "virtual-guest my-tweaks")
 *   etc/tuned/profile_mode:     manual                (or "auto")
 *   usr/lib/tuned/virtual-guest/tuned.conf:
 *     [main]
 *     include=throughput-performance
 *     [sysctl]
 *     vm.dirty_ratio = 30
 *     vm.swappiness = 30
 *
 * Profiles are resolved the way tuned's profiles/loader.py does, so all the
 * files are needed at once (the finish hook).  A name is looked up in
 * etc/tuned/profiles/ (tuned 2.24+), etc/tuned/, usr/lib/tuned/profiles/
 * (2.24+), then usr/lib/tuned/, skipping files already loaded: that is how
 * an etc/tuned/<name> profile may "include=<name>" to extend the stock one.
 * A profile's includes (split on ',' ';' and blanks) are loaded before it,
 * recursively; several active profiles are loaded in order; later ones win.
 * A [sysctl] section with "replace=true" drops what earlier profiles set, and
 * the last "enabled=" seen decides whether the sysctl plugin runs at all
 * (only the exact string "true" enables it, as in tuned's unit.py).
 *
 * Values may be expressions (">10", "${f:virt_check:...}", "${var}"): they
 * are kept as FACT_STR.  Inline "# comments" after a blank are stripped, as
 * tuned's ConfigParser(inline_comment_prefixes=('#')) does.
 *
 * Beware when comparing with sysctl.<key>: tuned's reapply_sysctl (on by
 * default) applies sysctl.d and sysctl.conf again after the profile, so a key
 * set in both places takes the sysctl_conf value.
 */
#include "sources/shared.h"
#include "util/intern.h"
#include "util/strbuf.h"
#include "util/xalloc.h"


/* Where profiles live; a higher rank is looked up first. */
static const struct {
	const char *dir;
	int rank;
} profile_dirs[] = {
	{ "usr/lib/tuned/", 0 },
	{ "usr/lib/tuned/profiles/", 1 },
	{ "etc/tuned/", 2 },
	{ "etc/tuned/profiles/", 3 },
};

struct profile {
	struct span name;
	const struct held_file *f;
	int rank;
	bool loaded;                 /* tuned's processed_files */
};

struct tuned_setting {
	const char *key;             /* interned in tuned_state.keys */
	const struct held_file *f;
	unsigned line;
	struct span val;
};

struct tuned_state {
	struct parse_ctx *ctx;
	struct profile *profiles;
	size_t nr_profiles;
	const struct held_file **order;   /* profiles in the order they merge */
	size_t nr_order;
	struct intern keys;
	struct tuned_setting *set;
	size_t nr_set, alloc_set;
	bool enabled;
	struct strbuf key;
};

/* An INI file a line at a time: tuned's ConfigParser(delimiters=('='), strict=False). */
struct ini {
	struct lines it;
	struct span section, key, val;
};

enum ini_item { INI_END, INI_PAIR, INI_JUNK };

/* "value  # comment" -> "value" ('#' must follow a blank, as in configparser). */
static struct span strip_comment(struct span v)
{
	size_t i;

	for (i = 1; i < v.len; i++)
		if (v.p[i] == '#' && is_blank(v.p[i - 1]))
			return span_trim(span_make(v.p, v.p + i));
	return v;
}

static enum ini_item ini_next(struct ini *in)
{
	while (lines_next(&in->it)) {
		struct span t = span_trim(in->it.line);
		const char *eq;

		if (!t.len || t.p[0] == '#' || t.p[0] == ';')
			continue;
		if (t.len >= 2 && t.p[0] == '[' && t.p[t.len - 1] == ']') {
			in->section = span_trim(span_make(t.p + 1, t.p + t.len - 1));
			continue;
		}
		eq = memchr(t.p, '=', t.len);
		if (!eq)
			return INI_JUNK;
		in->key = span_trim(span_make(t.p, eq));
		in->val = strip_comment(span_trim(span_make(eq + 1, t.p + t.len)));
		if (!in->key.len)
			return INI_JUNK;
		return INI_PAIR;
	}
	return INI_END;
}

static struct ini ini_of(const struct held_file *f)
{
	return (struct ini){ lines_of(f->buf, f->len), SPAN_NONE, SPAN_NONE, SPAN_NONE };
}

/* Profile name and rank from "usr/lib/tuned/<name>/tuned.conf" and the like. */
static bool profile_of(const char *rel, struct profile *p)
{
	size_t i, n, len = strlen(rel), tail = strlen("/tuned.conf");

	for (i = 0; i < ARRAY_SIZE(profile_dirs); i++) {
		const char *name;

		n = strlen(profile_dirs[i].dir);
		if (strncmp(rel, profile_dirs[i].dir, n) || len <= n + tail ||
		    strcmp(rel + len - tail, "/tuned.conf"))
			continue;
		name = rel + n;
		if (memchr(name, '/', len - n - tail))
			continue;
		p->name = span_make(name, rel + len - tail);
		p->rank = profile_dirs[i].rank;
		return true;
	}
	return false;
}

/* tuned's Locator.get_config(): the highest-ranked file of @name not loaded yet. */
static struct profile *locate(struct tuned_state *st, struct span name)
{
	struct profile *best = NULL;
	size_t i;

	for (i = 0; i < st->nr_profiles; i++) {
		struct profile *p = &st->profiles[i];

		if (!p->loaded && p->name.len == name.len && !memcmp(p->name.p, name.p, name.len) &&
		    (!best || p->rank > best->rank))
			best = p;
	}
	return best;
}

static struct span main_include(const struct held_file *f)
{
	struct ini in = ini_of(f);
	struct span inc = SPAN_NONE;
	enum ini_item r;

	while ((r = ini_next(&in)) != INI_END)
		if (r == INI_PAIR && span_eq(in.section, "main") && span_eq(in.key, "include"))
			inc = in.val;
	return inc;
}

static bool name_sep(char c)
{
	return is_blank(c) || c == ',' || c == ';';
}

/* tuned's Loader._load_profile(): includes first, then the profile itself. */
static void load_names(struct tuned_state *st, struct span names)
{
	const char *s = names.p, *end = names.p + names.len;

	while (s < end) {
		const char *w;
		struct profile *p;

		while (s < end && name_sep(*s))
			s++;
		for (w = s; s < end && !name_sep(*s); s++)
			;
		if (s == w)
			break;
		p = locate(st, span_make(w, s));
		if (!p)
			continue;        /* not collected by sos, or not installed */
		p->loaded = true;
		load_names(st, main_include(p->f));
		st->order[st->nr_order++] = p->f;
	}
}

static void set_value(struct tuned_state *st, const struct held_file *f, unsigned line,
		      struct span val)
{
	const char *key = intern_n(&st->keys, st->key.buf, st->key.len);
	size_t i;

	for (i = 0; i < st->nr_set; i++)
		if (st->set[i].key == key)
			break;
	if (i == st->nr_set) {
		ALLOC_GROW(st->set, st->nr_set, st->alloc_set);
		st->nr_set++;
	}
	st->set[i] = (struct tuned_setting){ key, f, line, val };
}

/* The [sysctl] unit options, read before its values since they may follow them. */
static void sysctl_options(struct tuned_state *st, const struct held_file *f)
{
	struct ini in = ini_of(f);
	bool replace = false, has_enabled = false, enabled = true;

	while (ini_next(&in) != INI_END) {
		if (!span_eq(in.section, "sysctl"))
			continue;
		if (span_eq(in.key, "replace"))
			replace = span_eq(in.val, "true");
		if (span_eq(in.key, "enabled")) {
			has_enabled = true;
			enabled = span_eq(in.val, "true");
		}
	}
	if (replace) {
		st->nr_set = 0;
		st->enabled = true;
	}
	if (has_enabled)
		st->enabled = enabled;
}

static void merge_profile(struct tuned_state *st, const struct held_file *f)
{
	struct parse_ctx ctx = *st->ctx;
	struct ini in = ini_of(f);
	enum ini_item r;

	parse_ctx_at(&ctx, f);
	sysctl_options(st, f);
	while ((r = ini_next(&in)) != INI_END) {
		if (r == INI_JUNK) {
			parse_warn(&ctx, in.it.no, "not a section, comment or 'key = value' line; skipped");
			continue;
		}
		if (!span_eq(in.section, "sysctl"))
			continue;
		/* the unit's own options (type, enabled, replace, devices...) are not sysctls */
		if (!memchr(in.key.p, '.', in.key.len) && !memchr(in.key.p, '/', in.key.len))
			continue;
		strbuf_reset(&st->key);
		if (!sysctl_key(&st->key, in.key)) {
			parse_warn(&ctx, in.it.no, "not a sysctl key before '='; line skipped");
			continue;
		}
		set_value(st, f, in.it.no, in.val);
	}
}

/* The first non-blank line of a file, trimmed, and its number. */
static struct span first_line(const struct held_file *f, unsigned *no)
{
	struct lines it = lines_of(f->buf, f->len);

	while (lines_next(&it)) {
		struct span t = span_trim(it.line);

		if (t.len) {
			*no = it.no;
			return t;
		}
	}
	return SPAN_NONE;
}

/* tuned.profiles (the line, blanks collapsed) and tuned.profile (the last name). */
static void active_profiles(struct tuned_state *st, const struct held_file *f)
{
	struct parse_ctx ctx = *st->ctx;
	struct strbuf all = STRBUF_INIT;
	struct span line, w = SPAN_NONE;
	const char *s, *end;
	unsigned no = 0;

	parse_ctx_at(&ctx, f);
	line = first_line(f, &no);
	if (!line.len || memchr(line.p, '\0', line.len))
		goto out;
	s = line.p;
	end = line.p + line.len;
	while (scan_word(&s, end, &w)) {
		if (all.len)
			strbuf_addch(&all, ' ');
		strbuf_add(&all, w.p, w.len);
		scan_blanks(&s, end);
	}
	parse_str(&ctx, no, "tuned.profiles", all.buf, all.len);
	parse_str(&ctx, no, "tuned.profile", w.p, w.len);
	load_names(st, line);
out:
	strbuf_release(&all);
}

static void profile_mode(struct tuned_state *st, const struct held_file *f)
{
	struct parse_ctx ctx = *st->ctx;
	unsigned no = 0;
	struct span mode = first_line(f, &no);

	parse_ctx_at(&ctx, f);
	if (mode.len && !memchr(mode.p, '\0', mode.len))
		parse_str(&ctx, no, "tuned.profile_mode", mode.p, mode.len);
}

static void emit(struct tuned_state *st)
{
	size_t i;

	if (!st->enabled)
		return;
	for (i = 0; i < st->nr_set; i++) {
		const struct tuned_setting *s = &st->set[i];
		struct parse_ctx ctx = *st->ctx;

		parse_ctx_at(&ctx, s->f);
		sysctl_store(&ctx, s->line, "tuned.sysctl.", s->key, s->val);
	}
}

static void tuned_finish(struct parse_ctx *ctx, const struct held_file *files, size_t nr)
{
	struct tuned_state st = { .ctx = ctx, .enabled = true, .key = STRBUF_INIT };
	const struct held_file *active = NULL, *mode = NULL;
	size_t i;

	st.profiles = xcalloc(nr ? nr : 1, sizeof(*st.profiles));
	st.order = xcalloc(nr ? nr : 1, sizeof(*st.order));
	intern_init(&st.keys);
	for (i = 0; i < nr; i++) {
		struct profile *p = &st.profiles[st.nr_profiles];

		if (!strcmp(files[i].rel, "etc/tuned/active_profile"))
			active = &files[i];
		else if (!strcmp(files[i].rel, "etc/tuned/profile_mode"))
			mode = &files[i];
		else if (profile_of(files[i].rel, p))
			st.profiles[st.nr_profiles++].f = &files[i];
	}
	if (mode)
		profile_mode(&st, mode);
	if (active)
		active_profiles(&st, active);
	for (i = 0; i < st.nr_order; i++)
		merge_profile(&st, st.order[i]);
	emit(&st);
	free(st.profiles);
	free(st.order);
	free(st.set);
	intern_release(&st.keys);
	strbuf_release(&st.key);
}

static const char *const tuned_paths[] = {
	"etc/tuned/active_profile",
	"etc/tuned/profile_mode",
	"usr/lib/tuned/*/tuned.conf",
	"usr/lib/tuned/profiles/*/tuned.conf",
	"etc/tuned/*/tuned.conf",
	"etc/tuned/profiles/*/tuned.conf",
	NULL,
};

static const struct fact_def tuned_facts[] = {
	{ "tuned.profile", FACT_STR, "", "the active tuned profile (the last one when several are active)" },
	{ "tuned.profiles", FACT_STR, "", "every active profile, as in etc/tuned/active_profile" },
	{ "tuned.profile_mode", FACT_STR, "", "\"auto\" (recommended profile) or \"manual\"" },
	{ "tuned.sysctl.<key>", FACT_INT, "", "a sysctl the active profile sets, includes resolved; FACT_STR when not one number" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_tuned = {
	.name = "tuned",
	.paths = tuned_paths,
	.parse = NULL,
	.finish = tuned_finish,
	.facts = tuned_facts,
};
