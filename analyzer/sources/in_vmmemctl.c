/*
 * The VMware balloon as the guest's driver shows it: proc/vmmemctl (the
 * out-of-tree vmmemctl.ko of the VMware-Tools ISO, RHEL 4-6 guests) and
 * sys/kernel/debug/vmmemctl (the in-tree vmw_balloon, every generation of
 * drivers/misc/vmw_balloon.c; sos 4.2+ copies it when debugfs is mounted).
 *
 * vmmemctl.ko and vmw_balloon up to 4.1 (the stats block after the blank line):
 *
 *   target:                 0 pages
 *   current:                0 pages
 *   rateNoSleepAlloc:   16384 pages/sec
 *
 *   timer:              12345
 *   start:                  1 (   0 failed)
 *
 * 4.4 - 4.17 (kernel-doc example, padding collapsed there):
 *
 *   balloon capabilities: 0x1e
 *   is resetting: n
 *   target: 0 pages
 *   2m-lock: 0 ( 0 failed)
 *
 * 4.20 and later (real capture, pcp qa/linux/sysfs-vmmemctl-001):
 *
 *   target                :          1023777
 *   current               :          1024000
 *   target                :              768 (0 failed)
 *   alloc             (4k):                0
 *
 * The first "target" and "current" lines without "failed" are the balloon
 * target and size; every later "target" is the count of "target" commands.
 * The sizes are 4 KiB frames (vmw_balloon is x86-only; 4.20+ counts a 2 MiB
 * page as 512 and prints no unit); a size printed in kB or MB is converted.
 * Other numeric lines become balloon.stat.<name> ("alloc (4k)" -> alloc_4k,
 * "(N failed)" -> <name>_failed).  Lines that are not "key: value" (an
 * error message merged in by sos, "cat: ...: Permission denied") get a
 * warning; the blank separator lines are skipped silently.
 */
#include "sources/source.h"
#include "util/strbuf.h"

#define VMW_PAGE_KB 4

struct balloon {
	struct parse_ctx *ctx;
	struct strbuf name;
	bool have_target, have_size;
	unsigned size_line;
	size_t kept;
};

/* "alloc             (4k)" -> "alloc_4k", "balloon capabilities" -> "balloon_capabilities" */
static void key_name(struct strbuf *sb, struct span key)
{
	bool sep = false;
	size_t i;

	for (i = 0; i < key.len; i++) {
		char c = key.p[i];

		if (is_blank(c) || c == '(' || c == ')') {
			sep = true;
			continue;
		}
		if (sep && sb->len)
			strbuf_addch(sb, '_');
		sep = false;
		strbuf_addch(sb, c);
	}
}

static void stat_fact(struct balloon *b, unsigned no, struct span key, const char *suffix,
		      int64_t v, const char *unit)
{
	strbuf_reset(&b->name);
	strbuf_addstr(&b->name, "balloon.stat.");
	key_name(&b->name, key);
	strbuf_addstr(&b->name, suffix);
	parse_int(b->ctx, no, b->name.buf, v, unit);
	b->kept++;
}

/* The balloon's size or target in pages, from a value printed in @unit. */
static bool to_pages(uint64_t v, struct span unit, int64_t *pages)
{
	uint64_t mul = 1, div = 1;

	if (span_eq(unit, "kB") || span_eq(unit, "KB") || span_eq(unit, "KiB"))
		div = VMW_PAGE_KB;
	else if (span_eq(unit, "MB") || span_eq(unit, "MiB"))
		mul = 1024 / VMW_PAGE_KB;
	else if (unit.len && !span_eq(unit, "pages"))
		return false;
	if (v > (uint64_t)INT64_MAX / VMW_PAGE_KB / mul)
		return false;
	*pages = (int64_t)(v * mul / div);
	return true;
}

static void size_fact(struct balloon *b, unsigned no, const char *what, int64_t pages)
{
	strbuf_reset(&b->name);
	strbuf_addf(&b->name, "balloon.%s_pages", what);
	parse_int(b->ctx, no, b->name.buf, pages, "pages");
	strbuf_reset(&b->name);
	strbuf_addf(&b->name, "balloon.%s_kb", what);
	parse_int(b->ctx, no, b->name.buf, pages * VMW_PAGE_KB, "kB");
	b->kept++;
}

/* "0x3e" capabilities, "n"/"y" resetting: true when the line was one of those. */
static bool flag_line(struct balloon *b, unsigned no, struct span key, const char *s,
		      const char *end)
{
	const char *name = span_eq(key, "balloon capabilities") ? "balloon.capabilities" :
			   span_eq(key, "used capabilities") ? "balloon.used_capabilities" : NULL;
	uint64_t v;

	if (name && scan_hex(&s, end, &v) && s == end && v <= INT64_MAX) {
		parse_int(b->ctx, no, name, (int64_t)v, "");
		b->kept++;
		return true;
	}
	if (span_eq(key, "is resetting") && end - s == 1 && (*s == 'y' || *s == 'n')) {
		parse_int(b->ctx, no, "balloon.resetting", *s == 'y', "");
		b->kept++;
		return true;
	}
	return false;
}

/* "<n> [unit] [(<m> failed)]" after the colon. */
static bool value_line(struct balloon *b, unsigned no, struct span key, const char *s,
		       const char *end)
{
	struct span unit = SPAN_NONE;
	uint64_t v, failed = 0;
	bool has_failed = false;
	int64_t pages;

	if (!scan_u64(&s, end, &v) || v > INT64_MAX || (s < end && !is_blank(*s)))
		return false;
	scan_blanks(&s, end);
	if (s < end && *s != '(')
		scan_word(&s, end, &unit);
	scan_blanks(&s, end);
	if (scan_char(&s, end, '(')) {
		scan_blanks(&s, end);
		if (!scan_u64(&s, end, &failed) || failed > INT64_MAX)
			return false;
		scan_blanks(&s, end);
		if (!scan_lit(&s, end, "failed)"))
			return false;
		has_failed = true;
	}
	scan_blanks(&s, end);
	if (s != end)
		return false;
	if (!has_failed && span_eq(key, "target") && !b->have_target) {
		if (!to_pages(v, unit, &pages))
			return false;
		size_fact(b, no, "target", pages);
		b->have_target = true;
		return true;
	}
	if (!has_failed && span_eq(key, "current") && !b->have_size) {
		if (!to_pages(v, unit, &pages))
			return false;
		size_fact(b, no, "size", pages);
		b->have_size = true;
		b->size_line = no;
		return true;
	}
	/* "pages/sec": the old drivers' allocation rates */
	stat_fact(b, no, key, "", (int64_t)v, span_starts(unit, "pages/") ? "" : "count");
	if (has_failed)
		stat_fact(b, no, key, "_failed", (int64_t)failed, "count");
	return true;
}

static int vmmemctl_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct balloon b = { .ctx = ctx, .name = STRBUF_INIT };
	struct lines it = lines_of(buf, len);
	const char *driver = span_starts((struct span){ ctx->rel, strlen(ctx->rel) }, "proc/") ?
			     "vmmemctl" : "vmw_balloon";

	while (lines_next(&it)) {
		struct span l = span_trim(it.line), key;
		const char *colon, *s, *end = l.p + l.len;

		if (!l.len)
			continue;
		colon = memchr(l.p, ':', l.len);
		if (!colon)
			goto bad;
		key = span_trim(span_make(l.p, colon));
		s = colon + 1;
		scan_blanks(&s, end);
		if (key.len &&
		    (flag_line(&b, it.no, key, s, end) || value_line(&b, it.no, key, s, end)))
			continue;
bad:
		/* a number too big for 64 bits lands here too */
		parse_warn(ctx, it.no,
			   "not a balloon driver line or a value out of range%s; skipped",
			   memchr(l.p, '\0', l.len) ? " (NUL bytes)" : "");
	}
	if (b.kept)
		parse_str(ctx, b.size_line, "balloon.driver", driver, strlen(driver));
	strbuf_release(&b.name);
	return b.kept ? 0 : -1;
}

static const char *const vmmemctl_paths[] = {
	"proc/vmmemctl",
	"sys/kernel/debug/vmmemctl",
	NULL,
};

static const struct fact_def vmmemctl_facts[] = {
	{ "balloon.driver", FACT_STR, "", "\"vmmemctl\" (proc/vmmemctl, VMware-Tools module) or \"vmw_balloon\" (debugfs)" },
	{ "balloon.size_pages", FACT_INT, "pages", "guest memory held by the balloon (\"current\"), 4 KiB pages" },
	{ "balloon.size_kb", FACT_INT, "kB", "the same in kB" },
	{ "balloon.target_pages", FACT_INT, "pages", "what the host asks the balloon to hold (\"target\"), 4 KiB pages" },
	{ "balloon.target_kb", FACT_INT, "kB", "the same in kB" },
	{ "balloon.capabilities", FACT_INT, "", "capability bits the host offers (vmw_balloon 4.2+)" },
	{ "balloon.used_capabilities", FACT_INT, "", "capability bits in use" },
	{ "balloon.resetting", FACT_INT, "", "1 while the driver resets (vmw_balloon 4.4+)" },
	{ "balloon.stat.<name>", FACT_INT, "count", "driver counters (timer, start, lock, alloc_4k, errAlloc ...); rate* in pages/s" },
	{ "balloon.stat.<name>_failed", FACT_INT, "count", "failures of a host command (\"(N failed)\")" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_vmmemctl = {
	.name = "vmmemctl",
	.paths = vmmemctl_paths,
	.parse = vmmemctl_parse,
	.facts = vmmemctl_facts,
};
