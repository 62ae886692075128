/*
 * The configured kernel tunables, sysctl.conf(5) and sysctl.d(5):
 *
 *   etc/sysctl.d/inotify.conf:
 *     fs.inotify.max_user_watches = 65536
 *   etc/sysctl.d/99-sysctl.conf:     (sos keeps the symlink's text)
 *     ../sysctl.conf
 *   usr/lib/sysctl.d/50-default.conf:
 *     # comment           ; comment
 *     -net.ipv4.conf.all.promote_secondaries = 1
 *     kernel/sysrq=16
 *
 * The files are applied as systemd-sysctl and "sysctl --system" do, so all of
 * them are needed at once (the finish hook): every *.conf of etc/sysctl.d,
 * run/sysctl.d, usr/local/lib/sysctl.d, usr/lib/sysctl.d and lib/sysctl.d,
 * sorted by basename; a basename in an earlier directory masks the same
 * basename in later ones (which is also how a link to /dev/null disables a
 * vendor file); later settings of a key override earlier ones; and
 * etc/sysctl.conf comes last.  On RHEL 7+ etc/sysctl.d/99-sysctl.conf links
 * to ../sysctl.conf: stored as the link text, or dereferenced into a copy of
 * etc/sysctl.conf, it is skipped (sysctl.conf is applied anyway, last).
 *
 * sysctl_conf.<key> is the winning value (typed as in in_sysctl.c) with the
 * file and line that set it; sysctl_conf.<key>.overridden counts the earlier
 * settings it replaced, when there were some.
 */
#include "sources/shared.h"
#include "util/intern.h"
#include "util/strbuf.h"
#include "util/xalloc.h"


/* In precedence order: a basename found in an earlier one masks the later ones. */
static const char *const conf_dirs[] = {
	"etc/sysctl.d/",
	"run/sysctl.d/",
	"usr/local/lib/sysctl.d/",
	"usr/lib/sysctl.d/",
	"lib/sysctl.d/",
};

struct conf_file {
	const struct held_file *f;
	const char *base;
	size_t dir;
};

/* The latest setting of one key (values point into the held buffers). */
struct setting {
	const char *key;             /* interned in conf_state.keys */
	const struct held_file *f;
	unsigned line;
	struct span val;
	unsigned count;              /* how many times the key was set */
};

struct conf_state {
	struct parse_ctx *ctx;
	struct intern keys;
	struct setting *items;
	size_t nr, alloc;
	struct strbuf key;
};

static int cmp_conf(const void *a, const void *b)
{
	const struct conf_file *x = a, *y = b;
	int c = strcmp(x->base, y->base);

	if (c)
		return c;
	return x->dir < y->dir ? -1 : x->dir > y->dir;
}

/* Its place among conf_dirs, or false when @rel is not a sysctl.d file. */
static bool conf_dir_of(const char *rel, size_t *dir, const char **base)
{
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(conf_dirs); i++) {
		n = strlen(conf_dirs[i]);
		if (!strncmp(rel, conf_dirs[i], n) && rel[n] && !strchr(rel + n, '/')) {
			*dir = i;
			*base = rel + n;
			return true;
		}
	}
	return false;
}

static bool span_ends(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.len >= n && !memcmp(s.p + s.len - n, lit, n);
}

/*
 * A symlink as sos stores it: the whole file is one path ("../sysctl.conf",
 * "/dev/null"), with no '=' and no blank.  Such a file sets nothing.
 */
static bool is_link_text(const struct held_file *f)
{
	struct lines it = lines_of(f->buf, f->len);
	struct span t = SPAN_NONE;
	size_t i;

	while (lines_next(&it)) {
		struct span l = span_trim(it.line);

		if (!l.len)
			continue;
		if (t.p)
			return false;
		t = l;
	}
	/* a path, not a slash-written key ("kernel/sysrq") that lost its value */
	if (!t.p || !memchr(t.p, '/', t.len) ||
	    !(t.p[0] == '/' || t.p[0] == '.' || span_ends(t, ".conf")))
		return false;
	for (i = 0; i < t.len; i++)
		if (t.p[i] == '=' || is_blank(t.p[i]) || !t.p[i])
			return false;
	return true;
}

static bool same_bytes(const struct held_file *a, const struct held_file *b)
{
	return a && b && a->len == b->len && (!a->len || !memcmp(a->buf, b->buf, a->len));
}

static void record(struct conf_state *st, const struct held_file *f, unsigned line, struct span val)
{
	const char *key = intern_n(&st->keys, st->key.buf, st->key.len);
	struct setting *s;
	size_t i;

	for (i = 0; i < st->nr; i++)
		if (st->items[i].key == key)
			break;
	if (i == st->nr) {
		ALLOC_GROW(st->items, st->nr, st->alloc);
		st->items[st->nr++] = (struct setting){ key, NULL, 0, SPAN_NONE, 0 };
	}
	s = &st->items[i];
	s->f = f;
	s->line = line;
	s->val = val;
	s->count++;
}

static void apply_file(struct conf_state *st, const struct held_file *f)
{
	struct parse_ctx ctx = *st->ctx;
	struct lines it = lines_of(f->buf, f->len);

	parse_ctx_at(&ctx, f);
	while (lines_next(&it)) {
		struct span t = span_trim(it.line), key;
		const char *eq;

		if (!t.len || t.p[0] == '#' || t.p[0] == ';')
			continue;
		eq = memchr(t.p, '=', t.len);
		if (!eq) {
			parse_warn(&ctx, it.no, "not a 'key = value' line; skipped");
			continue;
		}
		key = span_trim(span_make(t.p, eq));
		/* "-key = value": systemd 236+ ignores a failure to set it; the setting stands */
		if (key.len && key.p[0] == '-') {
			key.p++;
			key.len--;
		}
		strbuf_reset(&st->key);
		if (!sysctl_key(&st->key, key)) {
			parse_warn(&ctx, it.no, "not a sysctl key before '='; line skipped");
			continue;
		}
		record(st, f, it.no, span_make(eq + 1, t.p + t.len));
	}
}

static void emit(struct conf_state *st)
{
	struct strbuf name = STRBUF_INIT;
	size_t i;

	for (i = 0; i < st->nr; i++) {
		const struct setting *s = &st->items[i];
		struct parse_ctx ctx = *st->ctx;

		parse_ctx_at(&ctx, s->f);
		/* a winner that cannot be stored (overflow) leaves the key unknown, not the loser's value */
		if (!sysctl_store(&ctx, s->line, "sysctl_conf.", s->key, s->val) || s->count < 2)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "sysctl_conf.%s.overridden", s->key);
		parse_int(&ctx, s->line, name.buf, (int64_t)s->count - 1, "count");
	}
	strbuf_release(&name);
}

static void sysctl_conf_finish(struct parse_ctx *ctx, const struct held_file *files, size_t nr)
{
	struct conf_file *d = xcalloc(nr ? nr : 1, sizeof(*d));
	struct conf_state st = { .ctx = ctx, .key = STRBUF_INIT };
	const struct held_file *main_conf = NULL;
	const char *prev = NULL;
	size_t i, nd = 0;

	intern_init(&st.keys);
	for (i = 0; i < nr; i++) {
		if (!strcmp(files[i].rel, "etc/sysctl.conf"))
			main_conf = &files[i];
		else if (conf_dir_of(files[i].rel, &d[nd].dir, &d[nd].base))
			d[nd++].f = &files[i];
	}
	if (nd > 1)
		qsort(d, nd, sizeof(*d), cmp_conf);
	for (i = 0; i < nd; i++) {
		if (prev && !strcmp(prev, d[i].base))
			continue;        /* masked by the same name in an earlier directory */
		prev = d[i].base;
		if (is_link_text(d[i].f) || same_bytes(d[i].f, main_conf))
			continue;        /* 99-sysctl.conf -> ../sysctl.conf, applied below */
		apply_file(&st, d[i].f);
	}
	if (main_conf)
		apply_file(&st, main_conf);
	emit(&st);
	free(st.items);
	intern_release(&st.keys);
	strbuf_release(&st.key);
	free(d);
}

static const char *const sysctl_conf_paths[] = {
	"etc/sysctl.conf",
	"etc/sysctl.d/*.conf",
	"run/sysctl.d/*.conf",
	"usr/local/lib/sysctl.d/*.conf",
	"usr/lib/sysctl.d/*.conf",
	"lib/sysctl.d/*.conf",
	NULL,
};

static const struct fact_def sysctl_conf_facts[] = {
	{ "sysctl_conf.<key>", FACT_INT, "", "the configured value that wins at boot (FACT_STR when not one number); units as sysctl.<key>" },
	{ "sysctl_conf.<key>.overridden", FACT_INT, "count", "earlier settings of the key that the winner overrode" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_sysctl_conf = {
	.name = "sysctl_conf",
	.paths = sysctl_conf_paths,
	.parse = NULL,
	.finish = sysctl_conf_finish,
	.facts = sysctl_conf_facts,
};
