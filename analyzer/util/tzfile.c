#include "util/tzfile.h"
#include "util/scan.h"
#include "util/strbuf.h"
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
	return read_block(p + TZ_HEADER, &c2, 8, out);
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
