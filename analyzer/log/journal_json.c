/*
 * "journalctl -o json": one flat JSON object a line, e.g.
 *
 *   {"__REALTIME_TIMESTAMP":"1700000000123456","_HOSTNAME":"batch03",
 *    "_TRANSPORT":"kernel","SYSLOG_IDENTIFIER":"kernel",
 *    "MESSAGE":"java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0", ...}
 *
 * MESSAGE may hold newlines, and is an array of byte values when the text is
 * not valid UTF-8 (systemd.journal-fields(7), journalctl(1) "json").
 * Only the few fields memtriage uses are decoded; the rest are skipped.
 */
#include "log/log_line.h"

struct jcur {
	const char *p, *end;
};

static void jws(struct jcur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
		c->p++;
}

static void put_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 4);
	}
}

static bool hex4(struct jcur *c, uint32_t *v)
{
	uint64_t x;
	const char *q = c->p;

	if (c->end - c->p < 4)
		return false;
	if (!scan_hex(&q, c->p + 4, &x) || q != c->p + 4)
		return false;
	c->p += 4;
	*v = (uint32_t)x;
	return true;
}

/* A JSON string, decoded into @out when it is not NULL. */
static bool jstring(struct jcur *c, struct strbuf *out)
{
	if (!scan_char(&c->p, c->end, '"'))
		return false;
	while (c->p < c->end && *c->p != '"') {
		const char *run = c->p;
		uint32_t cp, lo;

		while (c->p < c->end && *c->p != '"' && *c->p != '\\')
			c->p++;
		if (out)
			strbuf_add(out, run, (size_t)(c->p - run));
		if (c->p >= c->end || *c->p == '"')
			break;
		if (++c->p >= c->end)
			return false;
		switch (*c->p++) {
		case 'n': cp = '\n'; break;
		case 't': cp = '\t'; break;
		case 'r': cp = '\r'; break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case '/': cp = '/'; break;
		case '\\': cp = '\\'; break;
		case '"': cp = '"'; break;
		case 'u':
			if (!hex4(c, &cp))
				return false;
			if (cp >= 0xd800 && cp < 0xdc00 && c->end - c->p >= 6 && c->p[0] == '\\' &&
			    c->p[1] == 'u') {
				c->p += 2;
				if (!hex4(c, &lo))
					return false;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			break;
		default:
			return false;
		}
		if (out)
			put_utf8(out, cp);
	}
	return scan_char(&c->p, c->end, '"');
}

/* Any value; a byte array ([72,101,...]) is decoded into @out as bytes. */
static bool jvalue(struct jcur *c, struct strbuf *out, unsigned depth)
{
	jws(c);
	if (c->p >= c->end || depth > 16)
		return false;
	if (*c->p == '"')
		return jstring(c, out);
	if (*c->p == '[' || *c->p == '{') {
		char close = *c->p == '[' ? ']' : '}';

		c->p++;
		jws(c);
		if (scan_char(&c->p, c->end, close))
			return true;
		for (;;) {
			jws(c);
			if (close == '}') {
				if (!jstring(c, NULL))
					return false;
				jws(c);
				if (!scan_char(&c->p, c->end, ':'))
					return false;
				if (!jvalue(c, NULL, depth + 1))
					return false;
			} else if (out && c->p < c->end && is_digit(*c->p)) {
				uint64_t b;

				if (!scan_u64(&c->p, c->end, &b) || b > 255)
					return false;
				strbuf_addch(out, (char)b);
			} else if (!jvalue(c, NULL, depth + 1)) {
				return false;
			}
			jws(c);
			if (scan_char(&c->p, c->end, close))
				return true;
			if (!scan_char(&c->p, c->end, ','))
				return false;
		}
	}
	/* number, true, false, null: copied as text */
	{
		const char *s = c->p;

		while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']' &&
		       *c->p != ' ')
			c->p++;
		if (c->p == s)
			return false;
		if (out)
			strbuf_add(out, s, (size_t)(c->p - s));
		return true;
	}
}

enum jfield { J_MESSAGE, J_HOST, J_IDENT, J_TRANSPORT, J_REALTIME, J_SRCMONO, J__COUNT };

static const char *const jfield_names[J__COUNT] = {
	[J_MESSAGE] = "MESSAGE",
	[J_HOST] = "_HOSTNAME",
	[J_IDENT] = "SYSLOG_IDENTIFIER",
	[J_TRANSPORT] = "_TRANSPORT",
	[J_REALTIME] = "__REALTIME_TIMESTAMP",
	[J_SRCMONO] = "_SOURCE_MONOTONIC_TIMESTAMP",
};

static int jfield_of(const struct strbuf *key)
{
	int i;

	for (i = 0; i < J__COUNT; i++)
		if (!strcmp(key->buf, jfield_names[i]))
			return i;
	return -1;
}

static bool parse_fields(struct jcur *c, struct strbuf *val, size_t off[J__COUNT],
			 size_t len[J__COUNT], const char **why)
{
	struct strbuf key = STRBUF_INIT;
	bool ok = false;

	jws(c);
	if (!scan_char(&c->p, c->end, '{')) {
		*why = "not a JSON object";
		return false;
	}
	for (;;) {
		const char *key_at;
		int f;
		size_t start;

		jws(c);
		strbuf_reset(&key);
		key_at = c->p;
		if (!jstring(c, &key))
			break;
		jws(c);
		if (!scan_char(&c->p, c->end, ':'))
			break;
		/* journalctl writes field names plainly; the log prefilter looks for "MESSAGE" as is */
		f = memchr(key_at, '\\', (size_t)(c->p - key_at)) ? -1 : jfield_of(&key);
		start = val->len;
		if (!jvalue(c, f >= 0 ? val : NULL, 0))
			break;
		if (f >= 0) {
			off[f] = start;
			len[f] = val->len - start;
		}
		jws(c);
		if (scan_char(&c->p, c->end, '}')) {
			ok = true;
			break;
		}
		if (!scan_char(&c->p, c->end, ','))
			break;
	}
	strbuf_release(&key);
	if (!ok)
		*why = "malformed JSON";
	return ok;
}

static uint64_t field_u64(const struct strbuf *val, size_t off, size_t len, bool *ok)
{
	const char *p = val->buf + off;
	uint64_t v = 0;

	*ok = len && scan_u64(&p, val->buf + off + len, &v) && p == val->buf + off + len;
	return v;
}

bool journal_parse_line(const char *p, size_t len, struct strbuf *scratch,
			struct log_line *out, const char **why)
{
	struct jcur c = { p, p + len };
	size_t off[J__COUNT] = { 0 }, flen[J__COUNT] = { 0 };
	bool have[J__COUNT] = { 0 }, ok;
	uint64_t us;
	int i;

	memset(out, 0, sizeof(*out));
	out->time.usec = -1;
	strbuf_reset(scratch);
	for (i = 0; i < J__COUNT; i++)
		off[i] = SIZE_MAX;
	if (!parse_fields(&c, scratch, off, flen, why))
		return false;
	for (i = 0; i < J__COUNT; i++)
		have[i] = off[i] != SIZE_MAX;
	if (!have[J_MESSAGE]) {
		*why = "journal record without MESSAGE";
		return false;
	}
	out->fmt = LOG_JOURNAL;
	out->text = (struct span){ scratch->buf + off[J_MESSAGE], flen[J_MESSAGE] };
	if (have[J_HOST])
		out->host = (struct span){ scratch->buf + off[J_HOST], flen[J_HOST] };
	if (have[J_TRANSPORT] && flen[J_TRANSPORT] == 6 &&
	    !memcmp(scratch->buf + off[J_TRANSPORT], "kernel", 6))
		out->prog = (struct span){ "kernel", 6 };
	else if (have[J_IDENT])
		out->prog = (struct span){ scratch->buf + off[J_IDENT], flen[J_IDENT] };
	else
		out->prog = (struct span){ "-", 1 };
	us = have[J_REALTIME] ? field_u64(scratch, off[J_REALTIME], flen[J_REALTIME], &ok) : 0;
	if (have[J_REALTIME] && ok)
		mt_time_from_epoch(&out->time, (int64_t)(us / 1000000), (int32_t)(us % 1000000), 0,
				   true);
	us = have[J_SRCMONO] ? field_u64(scratch, off[J_SRCMONO], flen[J_SRCMONO], &ok) : 0;
	if (have[J_SRCMONO] && ok) {
		out->has_uptime = true;
		out->uptime_us = us;
	}
	return true;
}
