#include "util/tzfile.h"
#include "util/scan.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define TZ_HEADER 44
/* No real zone has nearly this many transitions: beyond it the file is taken for garbage. */
#define TZ_MAX_TIMES 10000
#define TZ_MAX_TYPES 256

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tz_counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static bool read_header(const unsigned char *p, size_t len, struct tz_counts *c)
{
	if (len < TZ_HEADER || memcmp(p, "TZif", 4))
		return false;
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chars = be32(p + 40);
	return c->time <= TZ_MAX_TIMES && c->type >= 1 && c->type <= TZ_MAX_TYPES && c->chars <= 4096 &&
	       c->leap <= TZ_MAX_TIMES && c->isut <= c->type && c->isstd <= c->type;
}

/* The bytes of one data block whose times are @tsize bytes wide. */
static size_t block_len(const struct tz_counts *c, size_t tsize)
{
	return c->time * tsize + c->time + c->type * 6 + c->chars + c->leap * (tsize + 4) + c->isstd + c->isut;
}

static int read_block(const unsigned char *p, const struct tz_counts *c, size_t tsize, struct tz_rules *out)
{
	const unsigned char *idx = p + c->time * tsize, *types = idx + c->time;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->at = xcalloc(c->time ? c->time : 1, sizeof(*out->at));
	out->off = xcalloc(c->time ? c->time : 1, sizeof(*out->off));
	out->first_off = (int32_t)be32(types);
	for (i = 0; i < c->time; i++) {
		if (idx[i] >= c->type) {
			tz_release(out);
			return -1;
		}
		out->at[i] = tsize == 8 ? be64(p + i * 8) : (int64_t)(int32_t)be32(p + i * 4);
		out->off[i] = (int32_t)be32(types + idx[i] * 6);
		if (i && out->at[i] < out->at[i - 1]) {
			tz_release(out);
			return -1;
		}
	}
	out->n = c->time;
	return 0;
}

/*
 * The footer of a version 2+ file: a POSIX TZ string ("PST8PDT,M3.2.0,M11.1.0",
 * "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0") for the times after the last
 * transition.  "Slim" files (zic -b slim, the default since tzdata 2020b)
 * stop their transitions at the last change of rules and leave the rest to
 * it: America/Los_Angeles's end in 2007.  The footer's rule is written out
 * as transitions to the end of 2037, as a "fat" file holds them.
 */
struct tz_rule_date {
	char kind;        /* 'M' month.week.day, 'J' 1-365 without Feb 29, 'n' 0-365 */
	int m, w, d, n;
	int32_t time;     /* local seconds after midnight, default 02:00 */
};

struct posix_tz {
	int32_t std_off, dst_off; /* seconds east of UTC (POSIX writes them west) */
	bool has_dst, has_rule;
	struct tz_rule_date start, end;
};

#define TZ_LAST_YEAR 2037

static bool tz_name(const char **p, const char *end)
{
	const char *s = *p;

	if (s < end && *s == '<') {
		const char *close = memchr(s, '>', (size_t)(end - s));

		if (!close)
			return false;
		*p = close + 1;
		return close - s >= 4;
	}
	while (s < end && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		s++;
	if (s - *p < 3)
		return false;
	*p = s;
	return true;
}

static bool tz_number(const char **p, const char *end, int max, int *v)
{
	const char *s = *p;

	*v = 0;
	while (s < end && is_digit(*s) && *v <= max)
		*v = *v * 10 + (*s++ - '0');
	if (s == *p || *v > max)
		return false;
	*p = s;
	return true;
}

/* [+-]hh[:mm[:ss]], hours up to @max_h (24 for offsets, 167 for rule times) */
static bool tz_hms(const char **p, const char *end, int max_h, int32_t *secs)
{
	int sign = 1, h, m = 0, sec = 0;

	if (*p < end && (**p == '+' || **p == '-'))
		sign = *(*p)++ == '-' ? -1 : 1;
	if (!tz_number(p, end, max_h, &h))
		return false;
	if (*p < end && **p == ':' && (++*p, !tz_number(p, end, 59, &m)))
		return false;
	if (*p < end && **p == ':' && (++*p, !tz_number(p, end, 59, &sec)))
		return false;
	*secs = sign * (h * 3600 + m * 60 + sec);
	return true;
}

static bool tz_date(const char **p, const char *end, struct tz_rule_date *r)
{
	r->time = 7200;
	if (*p < end && **p == 'M') {
		++*p;
		r->kind = 'M';
		if (!tz_number(p, end, 12, &r->m) || r->m < 1 || *p >= end || *(*p)++ != '.' ||
		    !tz_number(p, end, 5, &r->w) || r->w < 1 || *p >= end || *(*p)++ != '.' ||
		    !tz_number(p, end, 6, &r->d))
			return false;
	} else if (*p < end && **p == 'J') {
		++*p;
		r->kind = 'J';
		if (!tz_number(p, end, 365, &r->n) || r->n < 1)
			return false;
	} else {
		r->kind = 'n';
		if (!tz_number(p, end, 365, &r->n))
			return false;
	}
	return *p >= end || **p != '/' || (++*p, tz_hms(p, end, 167, &r->time));
}

static bool read_posix_tz(const char *s, const char *end, struct posix_tz *tz)
{
	int32_t west;

	memset(tz, 0, sizeof(*tz));
	if (!tz_name(&s, end) || !tz_hms(&s, end, 24, &west))
		return false;
	tz->std_off = -west;
	if (s == end)
		return true;
	if (!tz_name(&s, end))
		return false;
	tz->has_dst = true;
	tz->dst_off = tz->std_off + 3600;
	if (s < end && *s != ',') {
		if (!tz_hms(&s, end, 24, &west))
			return false;
		tz->dst_off = -west;
	}
	if (s == end)
		return true; /* no rule: POSIX leaves it to the implementation; none is guessed */
	if (*s++ != ',' || !tz_date(&s, end, &tz->start) || s >= end || *s++ != ',' || !tz_date(&s, end, &tz->end))
		return false;
	tz->has_rule = true;
	return s == end;
}

/* Local seconds since the epoch at which @r falls in year @y. */
static int64_t rule_local(const struct tz_rule_date *r, int y)
{
	int64_t day;

	if (r->kind == 'M') {
		int64_t first = days_from_civil(y, (unsigned)r->m, 1);
		int dow = (int)((first + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
		int mday = 1 + (r->d - dow + 7) % 7 + (r->w - 1) * 7;

		while (mday > (int)days_in_month(y, (unsigned)r->m))
			mday -= 7; /* week 5: the last one */
		day = first + mday - 1;
	} else if (r->kind == 'J') {
		day = days_from_civil(y, 1, 1) + r->n - 1 + (is_leap_year(y) && r->n >= 60);
	} else {
		day = days_from_civil(y, 1, 1) + r->n;
	}
	return day * 86400 + r->time;
}

static void add_transition(struct tz_rules *z, size_t *alloc, int64_t at, int32_t off)
{
	if (z->n && at <= z->at[z->n - 1])
		return;
	if (z->n == *alloc) {
		/* the times set the room; the offsets follow it */
		ALLOC_GROW(z->at, z->n, *alloc);
		z->off = xrealloc(z->off, *alloc * sizeof(*z->off));
	}
	z->at[z->n] = at;
	z->off[z->n++] = off;
}

/* The footer's rule as transitions after the file's last one, to the end of TZ_LAST_YEAR. */
static void extend_with_footer(struct tz_rules *z, const struct posix_tz *tz)
{
	size_t alloc = z->n;
	int y;

	if (!tz->has_rule)
		return;
	if (z->n) {
		unsigned m, d;

		civil_from_days(z->at[z->n - 1] / 86400 - (z->at[z->n - 1] % 86400 < 0), &y, &m, &d);
	} else {
		y = 1970;
	}
	for (; y <= TZ_LAST_YEAR; y++) {
		int64_t on = rule_local(&tz->start, y) - tz->std_off, off = rule_local(&tz->end, y) - tz->dst_off;

		if (on < off) { /* northern: DST from spring to autumn */
			add_transition(z, &alloc, on, tz->dst_off);
			add_transition(z, &alloc, off, tz->std_off);
		} else { /* southern: it ends in autumn and starts again in spring */
			add_transition(z, &alloc, off, tz->std_off);
			add_transition(z, &alloc, on, tz->dst_off);
		}
	}
}

static void read_footer(const unsigned char *p, size_t len, struct tz_rules *out)
{
	const char *s = (const char *)p, *nl;
	struct posix_tz tz;

	if (len < 2 || *s != '\n' || !(nl = memchr(s + 1, '\n', len - 1)))
		return; /* no footer: the transitions are all there is */
	if (read_posix_tz(s + 1, nl, &tz))
		extend_with_footer(out, &tz);
}

int tz_parse(const char *buf, size_t len, struct tz_rules *out)
{
	const unsigned char *p = (const unsigned char *)buf;
	struct tz_counts c, c2;
	size_t v1;

	memset(out, 0, sizeof(*out));
	if (!read_header(p, len, &c) || (v1 = block_len(&c, 4)) > len - TZ_HEADER)
		return -1;
	if (p[4] < '2')
		return read_block(p + TZ_HEADER, &c, 4, out);
	/* version 2+: a second header, then the same data with 64-bit times */
	p += TZ_HEADER + v1;
	len -= TZ_HEADER + v1;
	if (!read_header(p, len, &c2) || block_len(&c2, 8) > len - TZ_HEADER)
		return -1;
	if (read_block(p + TZ_HEADER, &c2, 8, out))
		return -1;
	read_footer(p + TZ_HEADER + block_len(&c2, 8), len - TZ_HEADER - block_len(&c2, 8), out);
	return 0;
}

void tz_release(struct tz_rules *z)
{
	free(z->at);
	free(z->off);
	memset(z, 0, sizeof(*z));
}

int32_t tz_offset_at(const struct tz_rules *z, int64_t utc)
{
	size_t lo = 0, hi = z->n;

	/* the last transition at or before @utc */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->at[mid] <= utc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? z->off[lo - 1] : z->first_off;
}

int64_t tz_local_to_utc(const struct tz_rules *z, int64_t local)
{
	/* the offset that holds at the instant it gives: try the one in force an offset earlier */
	int32_t off = tz_offset_at(z, local - tz_offset_at(z, local - 86400));

	if (tz_offset_at(z, local - off) != off)
		off = tz_offset_at(z, local - off);
	return local - off;
}

void tz_rules_format(const struct tz_rules *z, struct strbuf *sb)
{
	size_t i;

	strbuf_addf(sb, "%ld", (long)z->first_off);
	for (i = 0; i < z->n; i++)
		strbuf_addf(sb, ";%lld:%ld", (long long)z->at[i], (long)z->off[i]);
}

/* A signed number of at most @max in absolute value. */
static bool scan_signed(const char **p, const char *end, uint64_t max, int64_t *v)
{
	bool neg = *p < end && **p == '-';
	uint64_t u;

	if (neg)
		(*p)++;
	if (!scan_u64(p, end, &u) || u > max)
		return false;
	*v = neg ? -(int64_t)u : (int64_t)u;
	return true;
}

int tz_rules_read(const char *s, struct tz_rules *out)
{
	const char *p = s, *end = s + strlen(s);
	size_t alloc_at = 0, alloc_off = 0;
	int64_t first, at, off;

	memset(out, 0, sizeof(*out));
	if (!scan_signed(&p, end, INT32_MAX, &first))
		return -1;
	out->first_off = (int32_t)first;
	while (p < end) {
		if (!scan_char(&p, end, ';') || !scan_signed(&p, end, INT64_MAX, &at) || !scan_char(&p, end, ':') ||
		    !scan_signed(&p, end, INT32_MAX, &off) || out->n >= TZ_MAX_TIMES ||
		    (out->n && at < out->at[out->n - 1])) {
			tz_release(out);
			return -1;
		}
		ALLOC_GROW(out->at, out->n, alloc_at);
		ALLOC_GROW(out->off, out->n, alloc_off);
		out->at[out->n] = at;
		out->off[out->n++] = (int32_t)off;
	}
	if (!out->at) {
		out->at = xcalloc(1, sizeof(*out->at));
		out->off = xcalloc(1, sizeof(*out->off));
	}
	return 0;
}
