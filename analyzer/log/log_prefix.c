/*
 * Log line prefixes, as loggers write them in front of kernel messages:
 *
 *   Jun 20 12:47:02 new-db1 kernel: [15180285.537297] php-fpm invoked oom-killer: ...
 *   2026-03-14T02:11:05.123456+01:00 web01 kernel: [ 1234.5] ...
 *   2005-05-17_10:24:16.76726 kern.info: oom-killer: gfp_mask=0xd0
 *   [   25.721494] ...   [ 3239.542037][    C1] ...   <4>[12345.342532] ...
 *   [Di Aug 12 03:54:03 2025] ...   [dim. 19 avril 18:03:30 2026] ...
 *
 * See syslog(3), RFC 3164, RFC 3339, dmesg(1) and journalctl(1).
 */
#include "log/log_line.h"

const char *const log_format_names[LOG__COUNT] = {
	[LOG_NONE] = "none",       [LOG_RFC3164] = "rfc3164", [LOG_RFC3339] = "rfc3339",
	[LOG_SVLOGD] = "svlogd",   [LOG_DMESG] = "dmesg",     [LOG_DMESG_T] = "dmesg-T",
	[LOG_JOURNAL] = "journal",
};

static bool scan_hms(const char **p, const char *end, struct mt_time *t)
{
	const char *s = *p;

	if (!scan_digits(&s, end, 2, &t->hour) || !scan_char(&s, end, ':') ||
	    !scan_digits(&s, end, 2, &t->min) || !scan_char(&s, end, ':') ||
	    !scan_digits(&s, end, 2, &t->sec) || t->hour > 23 || t->min > 59 || t->sec > 60)
		return false;
	*p = s;
	return true;
}

/* ".76726" -> 767260 microseconds; absent -> -1. */
static void scan_fraction(const char **p, const char *end, int32_t *usec)
{
	const char *s = *p;
	int32_t v = 0;
	int n = 0;

	*usec = -1;
	if (!scan_char(&s, end, '.') && !scan_char(&s, end, ','))
		return;
	if (s >= end || !is_digit(*s))
		return;
	for (; s < end && is_digit(*s); s++, n++)
		if (n < 6)
			v = v * 10 + (*s - '0');
	for (; n < 6; n++)
		v *= 10;
	*usec = v;
	*p = s;
}

/* "[ 1234.567890]" -> microseconds since boot. */
static bool scan_uptime(const char **p, const char *end, uint64_t *us)
{
	const char *s = *p;
	uint64_t sec;
	int32_t frac;

	if (!scan_char(&s, end, '['))
		return false;
	scan_blanks(&s, end);
	if (!scan_u64(&s, end, &sec) || sec > UINT64_MAX / 2000000)
		return false;
	scan_fraction(&s, end, &frac);
	if (frac < 0 || !scan_char(&s, end, ']'))
		return false;
	*us = sec * 1000000 + (uint64_t)frac;
	*p = s;
	return true;
}

/* CONFIG_PRINTK_CALLER: "[  T6736]" or "[    C1]" right after the stamp. */
static void skip_caller(const char **p, const char *end)
{
	const char *s = *p;
	uint64_t id;

	if (!scan_char(&s, end, '['))
		return;
	scan_blanks(&s, end);
	if (s < end && (*s == 'T' || *s == 'C'))
		s++;
	else
		return;
	if (scan_u64(&s, end, &id) && scan_char(&s, end, ']'))
		*p = s;
}

/* The kernel's own stamp inside a syslog line, and the blank after it. */
static void scan_kernel_stamp(const char **p, const char *end, struct log_line *l)
{
	if (!scan_uptime(p, end, &l->uptime_us))
		return;
	l->has_uptime = true;
	skip_caller(p, end);
	scan_char(p, end, ' ');
}

static struct span strip_pid(struct span w)
{
	const char *b = memchr(w.p, '[', w.len);

	if (b)
		w.len = (size_t)(b - w.p);
	return w;
}

/*
 * "host prog[pid]: text", "prog: text" (no host), " prog: text" (empty
 * host), "host <kern.warning> kernel: text", "<kern.warning> kernel: text"
 * (no host), "<kern.warning> host kernel: text" (BSD syslogd -vv).  A line
 * whose second word is not a "prog:" tag keeps all of it as text.
 */
static void scan_host_prog(const char *s, const char *end, struct log_line *l)
{
	struct span w;

	if (s < end && *s == ' ')
		scan_blanks(&s, end);
	if (!scan_word(&s, end, &w)) {
		l->text = span_make(s, end);
		return;
	}
	if (w.p[w.len - 1] != ':' && w.p[0] == '<' && w.p[w.len - 1] == '>') {
		/* "<kern.warning> kernel: text": the priority where the host would be, no host */
		scan_blanks(&s, end);
		if (!scan_word(&s, end, &w)) {
			l->text = span_trim(span_make(w.p, end));
			return;
		}
		if (w.p[w.len - 1] != ':') {
			/* "<kern.warning> app01 kernel: text": the host after it, if a tag follows */
			const char *q = s;
			struct span tag;

			scan_blanks(&q, end);
			if (!scan_word(&q, end, &tag) || tag.p[tag.len - 1] != ':') {
				l->text = span_trim(span_make(w.p, end));
				return;
			}
		}
	}
	if (w.p[w.len - 1] != ':') {
		l->host = w;
		scan_blanks(&s, end);
		if (s < end && *s == '<') {
			const char *gt = memchr(s, '>', (size_t)(end - s));

			if (gt) {
				s = gt + 1;
				scan_blanks(&s, end);
			}
		}
		if (!scan_word(&s, end, &w) || w.p[w.len - 1] != ':') {
			l->text = span_make(l->host.p + l->host.len, end);
			l->text = span_trim(l->text);
			return;
		}
	}
	w.len--;
	l->prog = strip_pid(w);
	scan_char(&s, end, ' ');
	if (span_eq(l->prog, "kernel"))
		scan_kernel_stamp(&s, end, l);
	l->text = span_make(s, end);
}

/* "2026-03-14T02:11:05.123456+01:00 " or svlogd's "2005-05-17_10:24:16.76726 " */
static bool parse_iso(const char *s, const char *end, struct log_line *l)
{
	struct mt_time *t = &l->time;
	unsigned y;
	char sep;
	const char *o;
	int off;

	if (!scan_digits(&s, end, 4, &y) || !scan_char(&s, end, '-') ||
	    !scan_digits(&s, end, 2, &t->mon) || !scan_char(&s, end, '-') ||
	    !scan_digits(&s, end, 2, &t->day) || s >= end)
		return false;
	sep = *s++;
	if ((sep != 'T' && sep != ' ' && sep != '_') || !scan_hms(&s, end, t))
		return false;
	if (t->mon < 1 || t->mon > 12 || t->day < 1 || t->day > 31)
		return false;
	t->year = (int)y;
	scan_fraction(&s, end, &t->usec);
	for (o = s; o < end && *o != ' '; o++)
		;
	if (o > s) {
		if (!parse_utc_offset(s, o, &off))
			return false;
		t->has_off = true;
		t->off_min = (int16_t)off;
	}
	if (o >= end)
		return false;
	t->valid = true;
	if (sep == '_') {
		struct span w;

		l->fmt = LOG_SVLOGD;
		s = o + 1;
		/* "kern.info: " is the facility, not a host */
		if (scan_word(&s, end, &w) && w.p[w.len - 1] == ':') {
			l->prog = span_starts(w, "kern.") ? (struct span){ "kernel", 6 } : w;
			scan_char(&s, end, ' ');
			if (span_eq(l->prog, "kernel"))
				scan_kernel_stamp(&s, end, l);
			l->text = span_make(s, end);
		} else {
			l->text = span_make(o + 1, end);
		}
		return true;
	}
	l->fmt = LOG_RFC3339;
	scan_host_prog(o + 1, end, l);
	return true;
}

/* "Mar 14 02:11:05 " and "Mar  4 02:11:05.123456 " (journalctl short-precise) */
static bool parse_rfc3164(const char *s, const char *end, struct log_line *l)
{
	struct mt_time *t = &l->time;
	unsigned d;

	if (end - s < 16 || s[3] != ' ')
		return false;
	if (!((s[0] >= 'A' && s[0] <= 'Z') && (s[1] >= 'a' && s[1] <= 'z') &&
	      (s[2] >= 'a' && s[2] <= 'z')))
		return false;
	t->mon = month_from_name(s, 3);
	if (!t->mon)
		return false;
	s += 4;
	if (*s == ' ')
		s++;
	if (scan_digits(&s, end, 2, &d) || scan_digits(&s, end, 1, &d))
		t->day = d;
	else
		return false;
	if (!scan_char(&s, end, ' ') || !scan_hms(&s, end, t) || t->day < 1 || t->day > 31)
		return false;
	scan_fraction(&s, end, &t->usec);
	if (s >= end || *s != ' ')
		return false;
	t->valid = true;
	l->fmt = LOG_RFC3164;
	scan_host_prog(s + 1, end, l);
	return true;
}

/*
 * dmesg -T in any locale: the words between the brackets are a day name,
 * a month name, a day number, HH:MM:SS and a year, in the locale's order.
 */
static bool parse_dmesg_t(const char *s, const char *end, struct log_line *l)
{
	const char *close = memchr(s, ']', (size_t)(end - s));
	struct mt_time *t = &l->time;
	bool have_time = false;
	unsigned v;

	if (!close || close - s > 64)
		return false;
	while (s < close) {
		struct span w;
		const char *q;

		scan_blanks(&s, close);
		if (!scan_word(&s, close, &w))
			break;
		q = w.p;
		if (w.len == 8 && scan_hms(&q, w.p + w.len, t))
			have_time = true;
		else if (w.len == 4 && scan_digits(&q, w.p + 4, 4, &v))
			t->year = (int)v;
		else if ((w.len <= 3 && scan_u64(&q, w.p + w.len, &(uint64_t){ 0 })) &&
			 (q == w.p + w.len || (*q == '.' && q + 1 == w.p + w.len))) {
			const char *r = w.p;

			if (!scan_digits(&r, q, 2, &v) && !scan_digits(&r, q, 1, &v))
				return false;
			t->day = v;
		} else if (month_from_name(w.p, w.len) && !t->mon)
			t->mon = month_from_name(w.p, w.len);
	}
	if (!have_time || !t->year || !t->mon || !t->day || t->day > 31)
		return false;
	t->usec = -1;
	t->valid = true;
	l->fmt = LOG_DMESG_T;
	s = close + 1;
	skip_caller(&s, end);
	scan_char(&s, end, ' ');
	l->text = span_make(s, end);
	return true;
}

static bool parse_bracket(const char *s, const char *end, struct log_line *l)
{
	if (scan_uptime(&s, end, &l->uptime_us)) {
		l->has_uptime = true;
		l->fmt = LOG_DMESG;
		skip_caller(&s, end);
		scan_char(&s, end, ' ');
		l->text = span_make(s, end);
		return true;
	}
	return parse_dmesg_t(s + 1, end, l);
}

static bool parse_prefix(const char *s, const char *end, struct log_line *l)
{
	/* console loglevel "<4>" in front of a dmesg -r or /proc/kmsg line */
	if (s < end && *s == '<') {
		const char *q = s + 1;
		uint64_t lvl;

		if (scan_u64(&q, end, &lvl) && scan_char(&q, end, '>')) {
			s = q;
			if (s < end && *s != '[') {
				l->text = span_make(s, end);
				return true;
			}
		}
	}
	if (s >= end)
		return false;
	if (is_digit(*s))
		return parse_iso(s, end, l);
	if (*s == '[')
		return parse_bracket(s, end, l);
	if (*s >= 'A' && *s <= 'Z')
		return parse_rfc3164(s, end, l);
	return false;
}

void log_parse_line(const char *p, size_t len, struct log_line *out)
{
	const char *end = p + len, *s = p;

	memset(out, 0, sizeof(*out));
	out->time.usec = -1;
	scan_blanks(&s, end);
	if (!parse_prefix(s, end, out)) {
		memset(out, 0, sizeof(*out));
		out->time.usec = -1;
		out->fmt = LOG_NONE;
		out->text = span_make(p, end);
	}
}

/*
 * Where the prefix in front of a report's first line ends.  The kernel
 * prints "%s invoked oom-killer:" with the task's comm, at most 15 bytes
 * (TASK_COMM_LEN) and possibly with blanks ("GC Thread#3"), so the prefix
 * ends at the last separator a logger puts after its columns ("] ", ": ",
 * "| ", a tab, a glued "kernel:") in the 16 bytes before " invoked";
 * "Out of memory" (out_of_memory(), every era) is the start of the text.
 */
#define INVOKED_LIT " invoked oom-killer:"
#define OOM_LIT "Out of memory"
#define COMM_MAX 15

const char *const log_prefix_start_literals[] = { INVOKED_LIT, OOM_LIT, NULL };

static const char *const prefix_ends[] = { "kernel:", "] ", ": ", "| ", "\t" };

/* "Out of memory: Kill(ed) process", "Out of memory (oom_kill_allocating_task)", "... and no killable processes" */
static const char *oom_text_start(struct span text)
{
	static const char *const tails[] = { ": Kill", " (oom_kill", " and no killable" };
	const char *at = span_find(text, OOM_LIT);
	size_t i;

	if (!at || (at > text.p && !is_blank(at[-1])))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(tails); i++)
		if (span_starts(span_make(at + strlen(OOM_LIT), text.p + text.len), tails[i]))
			return at;
	return NULL;
}

static const char *report_text_start(struct span text)
{
	const char *at = span_find(text, INVOKED_LIT), *from, *best = NULL;
	size_t i;

	if (!at)
		return oom_text_start(text);
	from = at - text.p > COMM_MAX + 8 ? at - COMM_MAX - 8 : text.p;
	for (i = 0; i < ARRAY_SIZE(prefix_ends); i++) {
		struct span window = span_make(from, at);
		const char *hit, *last = NULL;

		while ((hit = span_find(window, prefix_ends[i]))) {
			last = hit + strlen(prefix_ends[i]);
			window = span_make(hit + 1, at);
		}
		if (last && (!best || last > best))
			best = last;
	}
	if (!best)
		return text.p;
	while (best < at && (*best == ' ' || *best == '\t'))
		best++;
	return at - best <= COMM_MAX && best < at ? best : text.p;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t run_of(const char *p, const char *end, bool (*in)(char))
{
	const char *s = p;

	while (s < end && in(*s))
		s++;
	return (size_t)(s - p);
}

static bool is_digit_char(char c)
{
	return is_digit(c);
}

static bool is_blank_char(char c)
{
	return is_blank(c);
}

bool log_prefix_learn(struct learned_prefix *lp, struct span *text)
{
	const char *start = report_text_start(*text);
	size_t len;

	if (!start)
		return false;
	len = (size_t)(start - text->p);
	if (len >= sizeof(lp->shape))
		len = 0; /* too long to be a logger's: left as it is */
	memcpy(lp->shape, text->p, len);
	lp->len = len;
	*text = span_make(text->p + len, text->p + text->len);
	return true;
}

bool log_prefix_strip(const struct learned_prefix *lp, struct span *text)
{
	const char *p = lp->shape, *pe = lp->shape + lp->len;
	const char *t = text->p, *te = text->p + text->len;

	if (!lp->len)
		return false;
	while (p < pe) {
		size_t pn, tn;

		if (is_blank(*p)) {
			p += run_of(p, pe, is_blank_char);
			t += run_of(t, te, is_blank_char);
		} else if (is_digit(*p)) {
			t += run_of(t, te, is_blank_char); /* "[%5lu.%06lu]": padded to a width */
			pn = run_of(p, pe, is_digit_char);
			tn = run_of(t, te, is_digit_char);
			if (!tn)
				return false;
			p += pn;
			t += tn;
		} else if (is_alpha(*p) && month_from_name(p, run_of(p, pe, is_alpha)) &&
			   t < te && is_alpha(*t) && month_from_name(t, run_of(t, te, is_alpha))) {
			p += run_of(p, pe, is_alpha);
			t += run_of(t, te, is_alpha);
		} else if (*p == '<' && t < te && *t == '<') {
			/* "<kern.warning>": the priority of each line of a report is its own */
			const char *pc = memchr(p, '>', (size_t)(pe - p)), *tc = memchr(t, '>', (size_t)(te - t));

			if (!pc || !tc || memchr(t, ' ', (size_t)(tc - t)))
				return false;
			p = pc + 1;
			t = tc + 1;
		} else if (t < te && *t == *p) {
			p++;
			t++;
		} else {
			return false;
		}
	}
	*text = span_make(t, te);
	return true;
}

/* Where a logger's own column may end, the known prefix begin: after a blank, "|" or ":" ("messages:Dec 29"). */
static bool column_end(char c)
{
	return c == ' ' || c == '\t' || c == '|' || c == ':';
}

/* The first column start in [@from, @limit) of @p after which a known prefix parses (into @l); 0: none. */
static size_t next_known(const char *p, size_t len, size_t from, size_t limit, struct log_line *l)
{
	size_t k;

	for (k = from ? from : 1; k < limit && k < len; k++) {
		if (!column_end(p[k - 1]) || column_end(p[k]))
			continue;
		log_parse_line(p + k, len - k, l);
		if (l->fmt != LOG_NONE)
			return k;
	}
	return 0;
}

bool log_prefix_learn_outer(struct learned_prefix *lp, const char *p, size_t len)
{
	const char *start = report_text_start(span_make(p, p + len));
	size_t limit = start ? (size_t)(start - p) : 0, k = 0;
	struct log_line l;

	if (limit > sizeof(lp->shape))
		limit = sizeof(lp->shape);
	while ((k = next_known(p, len, k + 1, limit, &l))) {
		/* the known columns end where the report's text begins: they are the whole rest */
		if (log_line_is_kernel(&l) && l.text.p == start) {
			memcpy(lp->shape, p, k);
			lp->len = k;
			return true;
		}
	}
	return false;
}

bool log_line_tagged_after_column(const char *p, size_t len)
{
	size_t k = 0;
	struct log_line l;

	while ((k = next_known(p, len, k + 1, LOG_MAX_LEARNED_PREFIX, &l)))
		if (l.prog.len)
			return true;
	return false;
}

bool log_parse_after(const struct learned_prefix *lp, const char *p, size_t len, struct log_line *out)
{
	struct span rest = span_make(p, p + len);
	struct log_line l;

	if (!log_prefix_strip(lp, &rest))
		return false;
	log_parse_line(rest.p, rest.len, &l);
	if (l.fmt == LOG_NONE)
		return false;
	*out = l;
	return true;
}

bool log_prefix_uptime(struct span prefix, uint64_t *us)
{
	const char *end = prefix.p + prefix.len, *open = NULL, *s;

	while (end > prefix.p && is_blank(end[-1]))
		end--;
	for (s = prefix.p; s < end; s++)
		if (*s == '[')
			open = s;
	if (!open)
		return false;
	s = open;
	return scan_uptime(&s, end, us) && s == end;
}

bool log_line_is_kernel(const struct log_line *l)
{
	return !l->prog.len || span_eq(l->prog, "kernel");
}
