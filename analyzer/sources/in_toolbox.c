/*
 * What the VMware guest library tells a guest about its own memory on the
 * host, wherever a snapshot saved it (open-vm-tools toolbox/toolboxcmd-stat.c,
 * messages from toolbox/l10n/en.vmsg):
 *
 * "vmware-toolbox-cmd stat balloon|swap|memlimit|memres" ("%u MB"; an
 * unlimited limit is 4294967295, or -1 in some builds), in files named like
 * sos_commands/vmware/vmware-toolbox-cmd_stat_balloon:
 *
 *   1024 MB
 *
 * or, exit 69/75, the error on stderr that sos merges into the file:
 *
 *   UpdateInfo failed: VMware Guest API is not enabled on the host
 *   Failed to get ballooned memory: This value is not available on this host
 *
 * (a warning quoting it, and no fact: the figure is unknown, not 0).
 * Messages are localised, so the value line is matched as a number and an
 * optional "MB", never by its words.
 *
 * "vmware-toolbox-cmd stat raw text <stat>" (sos 4.2+:
 * sos_commands/vmware/vmware-toolbox-cmd_stat_raw_text_<stat>), "key = value":
 *
 *   session = 4004861987670969122
 *   version = VMware ESXi 6.0.0 build-12345
 *   provider =
 *
 * The memory metrics of "resources" have no public sample: every numeric
 * key naming mem, balloon or swap is kept as vmware.raw.<key>; "session"
 * gives the host's version; the per-device stats (vnet, vscsi) give nothing.
 *
 * vmguest-stats (dagwieers/vmguestlib), if a snapshot has it:
 *
 *   VM Memory
 *   Ballooned: 0 MB
 *   Limit: unlimited
 */
#include "sources/source.h"
#include "util/strbuf.h"

#define UNLIMITED_MB 4294967295u

struct toolbox {
	struct parse_ctx *ctx;
	struct strbuf name;
	size_t kept;
};

static const struct {
	const char *file;
	const char *fact;
} single_stats[] = {
	{ "vmware-toolbox-cmd_stat_balloon", "vmware.balloon_mb" },
	{ "vmware-toolbox-cmd_stat_swap", "vmware.swap_mb" },
	{ "vmware-toolbox-cmd_stat_memlimit", "vmware.memlimit_mb" },
	{ "vmware-toolbox-cmd_stat_memres", "vmware.memres_mb" },
};

#define RAW_PREFIX "vmware-toolbox-cmd_stat_raw_text_"

static bool ci_contains(struct span s, const char *lit)
{
	size_t n = strlen(lit), i, k;

	for (i = 0; n <= s.len && i <= s.len - n; i++) {
		for (k = 0; k < n; k++)
			if ((s.p[i + k] | 0x20) != lit[k])
				break;
		if (k == n)
			return true;
	}
	return false;
}

/* The guest library's own errors, which go to stderr and so into the sos file. */
static bool toolbox_error(struct span l)
{
	return ci_contains(l, "failed") || ci_contains(l, "not running") ||
	       ci_contains(l, "not enabled") || ci_contains(l, "not available") ||
	       ci_contains(l, "not support") || ci_contains(l, "error");
}

static void junk_line(struct toolbox *t, unsigned no, struct span l)
{
	if (toolbox_error(l))
		parse_warn(t->ctx, no, "vmware-toolbox-cmd: %.*s", (int)(l.len > 200 ? 200 : l.len),
			   l.p);
	else
		parse_warn(t->ctx, no,
			   "not a vmware-toolbox-cmd line or a value out of range; skipped");
}

static void mb_fact(struct toolbox *t, unsigned no, const char *name, int64_t v)
{
	/* a limit of 0xffffffff (or -1) is "no limit" */
	if (strstr(name, "memlimit") && (v == UNLIMITED_MB || v == -1))
		v = -1;
	parse_int(t->ctx, no, name, v, "MB");
	t->kept++;
}

/* "1024 MB" (or a bare number): true with the value. */
static bool mb_value(struct span l, int64_t *v)
{
	const char *s = l.p, *end = l.p + l.len;

	if (!scan_i64(&s, end, v) || *v < -1)
		return false;
	scan_blanks(&s, end);
	scan_lit(&s, end, "MB");
	scan_blanks(&s, end);
	return s == end;
}

static void parse_single(struct toolbox *t, const char *fact, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	int64_t v;

	while (lines_next(&it)) {
		struct span l = span_trim(it.line);

		if (!l.len)
			continue;
		if (!t->kept && mb_value(l, &v))
			mb_fact(t, it.no, fact, v);
		else
			junk_line(t, it.no, l);
	}
}

static bool raw_key_char(char c)
{
	return is_ident(c) || c == '.' || c == '-';
}

/* One "key = value" of a raw stat; false when the line is not one. */
static bool raw_line(struct toolbox *t, unsigned no, struct span l, struct span stat)
{
	const char *eq = memchr(l.p, '=', l.len), *s, *end = l.p + l.len;
	struct span key, val;
	int64_t v;
	size_t i;

	if (!eq)
		return false;
	key = span_trim(span_make(l.p, eq));
	val = span_trim(span_make(eq + 1, end));
	for (i = 0; i < key.len; i++)
		if (!raw_key_char(key.p[i]))
			return false;
	if (!key.len)
		return false;
	if (span_eq(stat, "session") && span_eq(key, "version") && val.len) {
		parse_str(t->ctx, no, "vmware.host_version", val.p, val.len);
		t->kept++;
	}
	if (!span_eq(stat, "resources") ||
	    !(ci_contains(key, "mem") || ci_contains(key, "balloon") || ci_contains(key, "swap")))
		return true;
	s = val.p;
	if (!val.len || !scan_i64(&s, val.p + val.len, &v) || s != val.p + val.len)
		/* text is skipped; 20 digits are not */
		return !val.len || !is_digit(val.p[val.len - 1]);
	strbuf_reset(&t->name);
	strbuf_addstr(&t->name, "vmware.raw.");
	strbuf_add(&t->name, key.p, key.len);
	parse_int(t->ctx, no, t->name.buf, v, "");
	t->kept++;
	return true;
}

static void parse_raw(struct toolbox *t, struct span stat, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);

	while (lines_next(&it)) {
		struct span l = span_trim(it.line);

		if (l.len && !raw_line(t, it.no, l, stat))
			junk_line(t, it.no, l);
	}
}

/* "Ballooned: 0 MB" in the "VM Memory" section of vmguest-stats. */
static void guestlib_line(struct toolbox *t, unsigned no, struct span key, struct span val)
{
	static const struct { const char *key, *fact; } known[] = {
		{ "Ballooned", "vmware.balloon_mb" }, { "Swapped", "vmware.swap_mb" },
		{ "Limit", "vmware.memlimit_mb" },    { "Reservation", "vmware.memres_mb" },
	};
	const char *s = val.p, *end = val.p + val.len;
	bool mb;
	int64_t v;
	size_t i;

	if (span_eq(val, "unlimited")) {
		v = -1;
		mb = true;
	} else if (scan_i64(&s, end, &v)) {
		scan_blanks(&s, end);
		mb = scan_lit(&s, end, "MB");
		if (s != end)
			goto bad;
	} else {
		goto bad;
	}
	for (i = 0; i < ARRAY_SIZE(known); i++) {
		if (span_eq(key, known[i].key)) {
			mb_fact(t, no, known[i].fact, v);
			return;
		}
	}
	strbuf_reset(&t->name);
	strbuf_addstr(&t->name, "vmware.guestlib.");
	for (i = 0; i < key.len; i++)
		strbuf_addch(&t->name, is_blank(key.p[i]) ? '_' : (char)(key.p[i] | 0x20));
	strbuf_addstr(&t->name, mb ? "_mb" : "");
	parse_int(t->ctx, no, t->name.buf, v, mb ? "MB" : "count");
	t->kept++;
	return;
bad:
	junk_line(t, no, span_make(key.p, end));
}

static void parse_guestlib(struct toolbox *t, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	bool memory = false;

	while (lines_next(&it)) {
		struct span l = span_trim(it.line);
		const char *colon = l.len ? memchr(l.p, ':', l.len) : NULL;

		if (!l.len)
			continue;
		if (!colon && span_starts(l, "VM ")) {
			/* "VM Processor" figures are CPU ones, skipped */
			memory = span_eq(l, "VM Memory");
			continue;
		}
		if (!colon)
			junk_line(t, it.no, l);
		else if (memory)
			guestlib_line(t, it.no, span_trim(span_make(l.p, colon)),
				      span_trim(span_make(colon + 1, l.p + l.len)));
	}
}

static int toolbox_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct toolbox t = { .ctx = ctx, .name = STRBUF_INIT };
	const char *base = strrchr(ctx->rel, '/');
	size_t i;

	base = base ? base + 1 : ctx->rel;
	if (!strncmp(base, RAW_PREFIX, strlen(RAW_PREFIX))) {
		const char *stat = base + strlen(RAW_PREFIX);

		parse_raw(&t, (struct span){ stat, strlen(stat) }, buf, len);
	} else if (!strncmp(base, "vmguest-stats", strlen("vmguest-stats"))) {
		parse_guestlib(&t, buf, len);
	} else {
		for (i = 0; i < ARRAY_SIZE(single_stats); i++)
			if (!strcmp(base, single_stats[i].file))
				parse_single(&t, single_stats[i].fact, buf, len);
	}
	strbuf_release(&t.name);
	return t.kept ? 0 : -1;
}

static const char *const toolbox_paths[] = {
	"sos_commands/*/vmware-toolbox-cmd_stat_balloon",
	"sos_commands/*/vmware-toolbox-cmd_stat_swap",
	"sos_commands/*/vmware-toolbox-cmd_stat_memlimit",
	"sos_commands/*/vmware-toolbox-cmd_stat_memres",
	"sos_commands/*/" RAW_PREFIX "*",
	"sos_commands/*/vmguest-stats*",
	NULL,
};

static const struct fact_def toolbox_facts[] = {
	{ "vmware.balloon_mb", FACT_INT, "MB", "memory the host reclaimed from this VM by ballooning (stat balloon, vmguest-stats Ballooned)" },
	{ "vmware.swap_mb", FACT_INT, "MB", "this VM's memory the host swapped out (stat swap)" },
	{ "vmware.memlimit_mb", FACT_INT, "MB", "the VM's memory limit on the host; -1 unlimited (stat memlimit)" },
	{ "vmware.memres_mb", FACT_INT, "MB", "the VM's memory reservation on the host (stat memres)" },
	{ "vmware.raw.<name>", FACT_INT, "", "memory metrics of \"stat raw text resources\" (keys naming mem, balloon or swap)" },
	{ "vmware.host_version", FACT_STR, "", "the hypervisor, \"VMware ESXi 6.0.0 build-12345\" (stat raw text session)" },
	{ "vmware.guestlib.<name>_mb", FACT_INT, "MB", "other \"VM Memory\" figures of vmguest-stats (active, mapped, overhead, shared, target_size, used)" },
	{ "vmware.guestlib.<name>", FACT_INT, "count", "unitless \"VM Memory\" figures of vmguest-stats (shares)" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_toolbox = {
	.name = "toolbox",
	.paths = toolbox_paths,
	.parse = toolbox_parse,
	.facts = toolbox_facts,
};
