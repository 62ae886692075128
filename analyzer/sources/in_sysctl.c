/*
 * The running kernel tunables, sysctl(8) and proc(5) /proc/sys/vm:
 *
 *   sos_commands/kernel/sysctl_-a (procps "key = value", one a line):
 *     vm.dirty_ratio = 20
 *     vm.lowmem_reserve_ratio = 256<TAB>256<TAB>32<TAB>0<TAB>0
 *     net.ipv4.ip_local_reserved_ports = 
 *     kernel.shmmax = 18446744073692774399
 *     dev.cdrom.info = drive name:<TAB><TAB>sr0     (the key repeats, one line each)
 *     sysctl: unable to open directory "/proc/sys/fs/binfmt_misc/"
 *
 *   proc/sys/vm/<name> (one value per file, "60\n"; write-only triggers
 *   such as compact_memory and stat_refresh are empty)
 *
 * Both give sysctl.<key>: an integer when the value is one (possibly
 * negative) number, else the value as printed with each run of blanks and
 * TABs made one space ("256 256 32 0 0").  Keys written with '/' (VLAN
 * interfaces: "net.ipv4.conf.eth0/100.forwarding") are normalised to '.'.
 *
 * The helpers that name and store a value are shared with in_sysctl_conf.c
 * and in_tuned.c, which declare them the same way: the three sources must
 * agree on names, types and units so that rules can compare running,
 * configured and tuned values.
 */
#include "sources/shared.h"
#include "util/strbuf.h"


/* The units of the memory tunables a rule is likely to compare; others get "". */
static const struct {
	const char *key, *unit;
} sysctl_units[] = {
	{ "vm.dirty_ratio", "percent" },
	{ "vm.dirty_background_ratio", "percent" },
	{ "vm.overcommit_ratio", "percent" },
	{ "vm.min_slab_ratio", "percent" },
	{ "vm.min_unmapped_ratio", "percent" },
	{ "vm.dirty_bytes", "bytes" },
	{ "vm.dirty_background_bytes", "bytes" },
	{ "vm.dirtytime_expire_seconds", "seconds" },
	{ "vm.nr_hugepages", "count" },
	{ "vm.nr_hugepages_mempolicy", "count" },
	{ "vm.nr_overcommit_hugepages", "count" },
	{ "vm.max_map_count", "count" },
	{ "kernel.shmmax", "bytes" },
	{ "kernel.shmall", "pages" },
};

static const char *sysctl_unit(const char *key)
{
	size_t i, n = strlen(key);

	/* min_free_kbytes, admin_reserve_kbytes, user_reserve_kbytes, overcommit_kbytes */
	if (n > 6 && !strcmp(key + n - 6, "kbytes"))
		return "kB";
	for (i = 0; i < ARRAY_SIZE(sysctl_units); i++)
		if (!strcmp(key, sysctl_units[i].key))
			return sysctl_units[i].unit;
	return "";
}

/**
 * Append @key to @out with '/' turned into '.'; false when it cannot be a
 * key (empty, or holding a blank, '=' or a control character).
 */
bool sysctl_key(struct strbuf *out, struct span key)
{
	size_t i;

	if (!key.len)
		return false;
	for (i = 0; i < key.len; i++) {
		unsigned char c = (unsigned char)key.p[i];

		if (c <= ' ' || c == '=' || c == 0x7f)
			return false;
	}
	for (i = 0; i < key.len; i++)
		strbuf_addch(out, key.p[i] == '/' ? '.' : key.p[i]);
	return true;
}

/* Only digits after an optional sign: a number, maybe too large for us. */
static bool all_digits(struct span v)
{
	size_t i = v.len && (v.p[0] == '-' || v.p[0] == '+');

	if (i == v.len)
		return false;
	for (; i < v.len; i++)
		if (!is_digit(v.p[i]))
			return false;
	return true;
}

/* The value with each run of blanks made one space (v is already trimmed). */
static void add_collapsed(struct strbuf *sb, struct span v)
{
	size_t i;

	for (i = 0; i < v.len; i++) {
		if (!is_blank(v.p[i]))
			strbuf_addch(sb, v.p[i]);
		else if (!is_blank(v.p[i - 1]))
			strbuf_addch(sb, ' ');
	}
}

/**
 * Store @prefix@key = @val at @line: FACT_INT when @val is one number, else
 * FACT_STR.  False (with a warning) when the value is unusable.
 */
bool sysctl_store(struct parse_ctx *ctx, unsigned line, const char *prefix, const char *key,
		  struct span val)
{
	struct strbuf name = STRBUF_INIT, s = STRBUF_INIT;
	const char *p, *end;
	bool ok = true;
	int64_t v;
	uint64_t u;

	val = span_trim(val);
	if (!val.p)
		val.p = ""; /* an empty value: no pointer arithmetic on NULL */
	p = val.p;
	end = val.p + val.len;
	strbuf_addf(&name, "%s%s", prefix, key);
	if (val.len && memchr(val.p, '\0', val.len)) {
		parse_warn(ctx, line, "NUL byte in the value of %s; skipped", key);
		ok = false;
	} else if (val.len && scan_i64(&p, end, &v) && p == end) {
		parse_int(ctx, line, name.buf, v, sysctl_unit(key));
	} else if (all_digits(val) && is_digit(val.p[0]) && scan_u64(&p, end, &u) && p == end) {
		/* an unsigned long above INT64_MAX (kernel.shmmax's default): kept as printed */
		parse_str(ctx, line, name.buf, val.p, val.len);
	} else if (all_digits(val)) {
		parse_warn(ctx, line, "the value of %s does not fit in 64 bits; skipped", key);
		ok = false;
	} else {
		add_collapsed(&s, val);
		parse_str(ctx, line, name.buf, s.buf, s.len);
	}
	strbuf_release(&name);
	strbuf_release(&s);
	return ok;
}

/*
 * sysctl's stderr, merged into the file by sos: keys it could not read
 * (procps-ng: "sysctl: permission denied on key ...", "sysctl: reading key
 * ...", "sysctl: unable to open directory ..."; procps 3.2 on RHEL 5/6:
 * "error: permission denied on key '...'", "error: \"Invalid argument\"
 * reading key ...").  Harmless: those keys simply have no value here.
 */
static bool sysctl_noise(struct span line)
{
	return span_starts(line, "sysctl: ") || span_starts(line, "error: ");
}

/* "key = value", or "key =" when a tool trimmed the blank after an empty value. */
static bool split_line(struct span line, struct span *key, struct span *val)
{
	const char *eq = span_find(line, " = ");

	if (eq) {
		*key = span_make(line.p, eq);
		*val = span_make(eq + 3, line.p + line.len);
		return true;
	}
	line = span_trim(line);
	if (line.len < 2 || memcmp(line.p + line.len - 2, " =", 2))
		return false;
	*key = span_make(line.p, line.p + line.len - 2);
	*val = SPAN_NONE;
	return true;
}

/* Whether this file already gave @key: only a value that was kept counts. */
static bool seen_here(struct parse_ctx *ctx, struct strbuf *name, const char *key)
{
	const struct fact *f;

	strbuf_reset(name);
	strbuf_addf(name, "sysctl.%s", key);
	f = fact_get(ctx->facts, name->buf);
	return f && f->src.file == ctx->file;
}

static int sysctl_a_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct strbuf key = STRBUF_INIT, name = STRBUF_INIT;
	size_t kept = 0;

	while (lines_next(&it)) {
		struct span k, v;

		if (!span_trim(it.line).len || sysctl_noise(it.line))
			continue;
		strbuf_reset(&key);
		if (!split_line(it.line, &k, &v) || !sysctl_key(&key, span_trim(k))) {
			parse_warn(ctx, it.no, "not a 'key = value' line; skipped");
			continue;
		}
		/* dev.cdrom.info and sunrpc.transports print one line per item: keep the first */
		if (seen_here(ctx, &name, key.buf))
			continue;
		if (sysctl_store(ctx, it.no, "sysctl.", key.buf, v))
			kept++;
	}
	strbuf_release(&key);
	strbuf_release(&name);
	return kept ? 0 : -1;
}

/* proc/sys/vm/<name>: the value is the first line; the file name is the key. */
static int vm_file_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	const char *base = strrchr(ctx->rel, '/');
	struct lines it = lines_of(buf, len);
	struct strbuf key = STRBUF_INIT;
	struct span val = SPAN_NONE;
	unsigned at = 0;
	int ret = -1;

	strbuf_addstr(&key, "vm.");
	if (!sysctl_key(&key, span_make(base + 1, base + 1 + strlen(base + 1)))) {
		parse_warn(ctx, 0, "not a sysctl file name; skipped");
		goto out;
	}
	while (lines_next(&it)) {
		if (!span_trim(it.line).len)
			continue;
		if (at) {
			parse_warn(ctx, it.no, "more than one line in a /proc/sys file; ignored");
			break;
		}
		val = it.line;
		at = it.no;
	}
	/* empty: a write-only trigger (compact_memory, stat_refresh): no value to keep */
	if (at && sysctl_store(ctx, at, "sysctl.", key.buf, val))
		ret = 0;
out:
	strbuf_release(&key);
	return ret;
}

static int sysctl_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	if (ctx->rel && !strncmp(ctx->rel, "proc/sys/vm/", 12))
		return vm_file_parse(ctx, buf, len);
	return sysctl_a_parse(ctx, buf, len);
}

static const char *const sysctl_paths[] = {
	"sos_commands/kernel/sysctl_-a",
	"proc/sys/vm/*",
	NULL,
};

static const struct fact_def sysctl_facts[] = {
	{ "sysctl.<key>", FACT_INT, "", "a running tunable (sysctl -a, proc/sys/vm/*); FACT_STR when not one number" },
	{ "sysctl.vm.min_free_kbytes", FACT_INT, "kB", "the reserve the min watermarks are computed from" },
	{ "sysctl.vm.overcommit_memory", FACT_INT, "", "0 heuristic, 1 always, 2 never overcommit" },
	{ "sysctl.vm.overcommit_ratio", FACT_INT, "percent", "share of RAM in CommitLimit (mode 2)" },
	{ "sysctl.vm.overcommit_kbytes", FACT_INT, "kB", "RAM in CommitLimit (mode 2), instead of the ratio" },
	{ "sysctl.vm.swappiness", FACT_INT, "", "anon vs file reclaim balance, 0..200" },
	{ "sysctl.vm.dirty_ratio", FACT_INT, "percent", "dirty page cache at which writers block" },
	{ "sysctl.vm.dirty_background_ratio", FACT_INT, "percent", "dirty page cache at which flushing starts" },
	{ "sysctl.vm.dirty_bytes", FACT_INT, "bytes", "dirty_ratio as bytes (0: the ratio applies)" },
	{ "sysctl.vm.panic_on_oom", FACT_INT, "", "1 or 2: an OOM panics instead of killing" },
	{ "sysctl.vm.oom_kill_allocating_task", FACT_INT, "", "kill the allocating task instead of the largest" },
	{ "sysctl.vm.nr_hugepages", FACT_INT, "count", "persistent huge pages reserved" },
	{ "sysctl.vm.lowmem_reserve_ratio", FACT_STR, "", "per-zone ratios, \"256 256 32 0 0\"" },
	{ "sysctl.vm.watermark_scale_factor", FACT_INT, "", "watermark gap, in 1/10000 of RAM" },
	{ "sysctl.kernel.shmmax", FACT_INT, "bytes", "FACT_STR when above INT64_MAX (the unlimited default)" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_sysctl = {
	.name = "sysctl",
	.paths = sysctl_paths,
	.parse = sysctl_parse,
	.facts = sysctl_facts,
};
