/*
 * The Hyper-V balloon as the guest's hv_balloon driver shows it:
 * sys/kernel/debug/hv-balloon (4.8+, copied by sos's kernel plugin when
 * debugfs is mounted).  Real capture (pcp qa/linux/sysfs-hv-balloon-001):
 *
 *   host_version          : 2.0
 *   capabilities          : enabled hot_add
 *   state                 : 1 (Initialized)
 *   page_size             : 4096
 *   pages_ballooned       : 3276800
 *   total_pages_committed : 4026223
 *   max_dynamic_page_count: 4706304
 *
 * A 2021 kernel-doc patch shows "pages_ballooned_out", "vm_pages_commited"
 * and "total_pages_commited": both spellings are read.  Counts are in pages
 * of page_size bytes (HV_HYP_PAGE_SIZE, 4096; assumed when the line is
 * missing).  Unlike VMware's, Hyper-V's balloon is taken out of MemTotal.
 * Lines that are not "key : value" (an error merged in by sos) get a warning.
 */
#include "sources/source.h"
#include "util/strbuf.h"

struct hv {
	struct parse_ctx *ctx;
	struct strbuf name;
	int64_t page_size;
	int64_t ballooned;           /* -1 until seen */
	unsigned ballooned_line;
	size_t kept;
};

static void hv_str(struct hv *h, unsigned no, struct span key, struct span v)
{
	strbuf_reset(&h->name);
	strbuf_addstr(&h->name, "balloon.hv.");
	strbuf_add(&h->name, key.p, key.len);
	parse_str(h->ctx, no, h->name.buf, v.p, v.len);
	h->kept++;
}

static void hv_stat(struct hv *h, unsigned no, struct span key, int64_t v)
{
	const char *unit = span_eq(key, "page_size") ? "bytes" :
			   span_find(key, "page") ? "pages" : "count";

	strbuf_reset(&h->name);
	strbuf_addstr(&h->name, "balloon.stat.");
	strbuf_add(&h->name, key.p, key.len);
	parse_int(h->ctx, no, h->name.buf, v, unit);
	h->kept++;
}

static bool key_ok(struct span key)
{
	size_t i;

	for (i = 0; i < key.len; i++)
		if (!is_ident(key.p[i]))
			return false;
	return key.len > 0;
}

/* "3276800", "1 (Initialized)", or text ("2.0", "enabled hot_add"). */
static bool hv_line(struct hv *h, unsigned no, struct span key, struct span v)
{
	const char *s = v.p, *end = v.p + v.len;
	uint64_t n;

	if (!scan_u64(&s, end, &n)) {
		if (s < end && is_digit(*s) && !span_find(v, "."))
			return false;            /* digits too many for 64 bits */
		hv_str(h, no, key, v);
		return true;
	}
	if (n > INT64_MAX)
		return false;
	scan_blanks(&s, end);
	if (s < end && *s == '(' && end[-1] == ')') {
		/* "state : 1 (Initialized)": the number and its name */
		hv_str(h, no, key, span_make(s + 1, end - 1));
		s = end;
	}
	if (s != end) {
		hv_str(h, no, key, v);           /* "2.0" */
		return true;
	}
	if (span_eq(key, "page_size") && n)
		h->page_size = (int64_t)n;
	if (span_eq(key, "pages_ballooned") || span_eq(key, "pages_ballooned_out")) {
		h->ballooned = (int64_t)n;
		h->ballooned_line = no;
	}
	hv_stat(h, no, key, (int64_t)n);
	return true;
}

static int hv_balloon_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct hv h = { .ctx = ctx, .name = STRBUF_INIT, .page_size = 4096, .ballooned = -1 };
	struct lines it = lines_of(buf, len);

	while (lines_next(&it)) {
		struct span l = span_trim(it.line);
		const char *colon;

		if (!l.len)
			continue;
		colon = memchr(l.p, ':', l.len);
		if (colon && key_ok(span_trim(span_make(l.p, colon))) &&
		    span_trim(span_make(colon + 1, l.p + l.len)).len &&
		    hv_line(&h, it.no, span_trim(span_make(l.p, colon)),
			    span_trim(span_make(colon + 1, l.p + l.len))))
			continue;
		parse_warn(ctx, it.no, "not a hv-balloon line or a value out of range; skipped");
	}
	if (h.ballooned >= 0 && h.ballooned <= INT64_MAX / h.page_size) {
		parse_int(ctx, h.ballooned_line, "balloon.size_pages", h.ballooned, "pages");
		parse_int(ctx, h.ballooned_line, "balloon.size_kb", h.ballooned * h.page_size / 1024,
			  "kB");
	}
	if (h.kept)
		parse_str(ctx, h.ballooned_line, "balloon.driver", "hv_balloon", strlen("hv_balloon"));
	strbuf_release(&h.name);
	return h.kept ? 0 : -1;
}

static const char *const hv_balloon_paths[] = {
	"sys/kernel/debug/hv-balloon",
	NULL,
};

static const struct fact_def hv_balloon_facts[] = {
	{ "balloon.driver", FACT_STR, "", "\"hv_balloon\"" },
	{ "balloon.size_pages", FACT_INT, "pages", "pages_ballooned: guest memory given back to Hyper-V (pages of page_size)" },
	{ "balloon.size_kb", FACT_INT, "kB", "the same in kB" },
	{ "balloon.stat.<name>", FACT_INT, "pages", "pages_added, pages_onlined, pages_ballooned, total_pages_committed, max_dynamic_page_count; page_size in bytes, state as a number" },
	{ "balloon.hv.<name>", FACT_STR, "", "host_version, capabilities (\"enabled hot_add\"), state (\"Initialized\")" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_hv_balloon = {
	.name = "hv_balloon",
	.paths = hv_balloon_paths,
	.parse = hv_balloon_parse,
	.facts = hv_balloon_facts,
};
