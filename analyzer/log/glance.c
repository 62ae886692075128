#include "log/glance.h"
#include "util/xalloc.h"

/* Tags remembered per log stream; past this, lines of new tags are read in full. */
#define GLANCE_MAX_TAGS 32768u

void glance_init(struct glance *g)
{
	memset(g, 0, sizeof(*g));
}

void glance_release(struct glance *g)
{
	free(g->tags);
	free(g->slots);
	memset(g, 0, sizeof(*g));
}

void glance_reset(struct glance *g)
{
	g->date_len = 0;
	if (g->nr)
		memset(g->slots, 0, g->cap * sizeof(*g->slots));
	g->nr = 0;
}

/* "Mar  1 ", "Mar 1 ", "Mar 14 " in front of the time: its length, or 0. */
static size_t date_len_of(const char *p, size_t len)
{
	size_t i = 4;

	if (len < 16 || !(p[0] >= 'A' && p[0] <= 'Z') || p[3] != ' ')
		return 0;
	if (p[i] == ' ')
		i++;
	if (!is_digit(p[i++]))
		return 0;
	if (is_digit(p[i]))
		i++;
	return p[i] == ' ' ? i + 1 : 0;
}

static unsigned two(const char *t)
{
	return (unsigned)(t[0] - '0') * 10 + (unsigned)(t[1] - '0');
}

/* "02:11:05 " or "02:11:05.123456 " at @i, as the full parse takes it: the end, or 0. */
static size_t time_end(const char *p, size_t len, size_t i)
{
	const char *t = p + i;

	if (len < i + 9 || !is_digit(t[0]) || !is_digit(t[1]) || t[2] != ':' || !is_digit(t[3]) ||
	    !is_digit(t[4]) || t[5] != ':' || !is_digit(t[6]) || !is_digit(t[7]) ||
	    two(t) > 23 || two(t + 3) > 59 || two(t + 6) > 60)
		return 0;
	i += 8;
	if ((p[i] == '.' || p[i] == ',') && i + 1 < len && is_digit(p[i + 1]))
		for (i++; i < len && is_digit(p[i]); i++)
			;
	return i < len && p[i] == ' ' ? i + 1 : 0;
}

/* Eight bytes as one little-endian word, so that the first byte is the lowest. */
static uint64_t word_at(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

#define ONES (~0ull / 255)
#define HIGHS (ONES * 128)

/* The high bit of the bytes of @w that equal @c (exact for the first one: that is all we use). */
static uint64_t bytes_equal(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (ONES * c);

	return (x - ONES) & ~x & HIGHS;
}

/* Where the first ':', '[' or '<' is in p[i, lim), or lim. */
static size_t tag_stop(const char *p, size_t i, size_t lim)
{
	for (; i + 8 <= lim; i += 8) {
		uint64_t w = word_at(p + i);
		uint64_t m = bytes_equal(w, ':') | bytes_equal(w, '[') | bytes_equal(w, '<');

		if (m)
			return i + (size_t)__builtin_ctzll(m) / 8;
	}
	for (; i < lim && p[i] != ':' && p[i] != '[' && p[i] != '<'; i++)
		;
	return i;
}

#ifdef __SSE2__
#include <emmintrin.h>

/* Bit j set when byte j of the 32 bytes at @p is @a, @b or @c (0: none wanted). */
static uint32_t bytes_bits(const char *p, char a, char b, char c)
{
	uint32_t bits = 0;
	int h;

	for (h = 0; h < 2; h++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * h));
		__m128i m = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(a)),
					 _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(b)),
						      _mm_cmpeq_epi8(x, _mm_set1_epi8(c))));

		bits |= (uint32_t)_mm_movemask_epi8(m) << 16 * h;
	}
	return bits;
}
#else
/* The high bits of @m (from bytes_equal) as a bit mask of its bytes: bit j for byte j. */
static uint32_t byte_bits(uint64_t m)
{
	return (uint32_t)(((m >> 7) * 0x0102040810204080ull) >> 56);
}

/*
 * The same a word at a time: the first byte found is exact, a later one may
 * be seen where there is none (a borrow), which tag_end_32 allows for.
 */
static uint32_t bytes_bits(const char *p, char a, char b, char c)
{
	uint32_t bits = 0;
	int j;

	for (j = 0; j < 4; j++) {
		uint64_t w = word_at(p + 8 * j);

		bits |= byte_bits(bytes_equal(w, (unsigned char)a) | bytes_equal(w, (unsigned char)b) |
				  bytes_equal(w, (unsigned char)c)) << 8 * j;
	}
	return bits;
}
#endif

/*
 * The common case of tag_end without a branch per byte: the 32 bytes after
 * the time as bit masks of the stops (':' '[' '<'), colons and blanks.  The
 * first stop and the first colon at or after it must be exact; a blank seen
 * where there is none only declines.  -1: not within 32 bytes.
 */
static long tag_end_32(const char *p, size_t len, size_t i)
{
	uint32_t stops = bytes_bits(p + i, ':', '[', '<'), colons, blanks, after;
	unsigned k, c;

	if (!stops)
		return -1;
	colons = bytes_bits(p + i, ':', ':', ':');
	blanks = bytes_bits(p + i, ' ', '\t', '\t');
	k = (unsigned)__builtin_ctz(stops);
	after = colons >> k;
	if (!after)
		return -1;
	c = k + (unsigned)__builtin_ctz(after);
	if (!k || p[i + k] == '<' || (blanks >> k & ((1u << (c - k)) - 1)) ||
	    (i + c + 1 < len && p[i + c + 1] != ' '))
		return 0;
	return (long)(i + k + 1);
}

/*
 * The tag after the time, through the ':' or '[' that ends it: "web01
 * kernel:", "db2 sshd[" (then "pid]:").  The word that holds the ':' must end
 * there, as the full parse splits words on blanks.  0 when unsure: a '<'
 * (the parse then looks for a '>' anywhere further), no ':' near.
 */
static size_t tag_end(const char *p, size_t len, size_t i)
{
	size_t c, lim = len - i > GLANCE_MAX_KEY ? i + GLANCE_MAX_KEY : len, k;
	long fast = len - i >= 32 ? tag_end_32(p, len, i) : -1;

	if (fast >= 0)
		return (size_t)fast;
	k = tag_stop(p, i, lim);
	if (k >= lim || k == i || p[k] == '<')
		return 0;
	for (c = k; c < len && p[c] != ':' && !is_blank(p[c]); c++)
		;
	if (c >= len || p[c] != ':' || (c + 1 < len && p[c + 1] != ' '))
		return 0;
	return k + 1;
}

/*
 * Keys are short ("web01 kernel:"): hashed and compared a word at a time,
 * the last word overlapping the one before rather than reading past the key.
 */
static size_t hash_key(const char *p, size_t n)
{
	uint64_t h = n * 0x9e3779b97f4a7c15ull;
	size_t i;

	if (n < 8) {
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)p[i]) * 0xff51afd7ed558ccdull;
	} else {
		for (i = 0; i + 8 < n; i += 8)
			h = (h ^ word_at(p + i)) * 0xff51afd7ed558ccdull, h ^= h >> 32;
		h = (h ^ word_at(p + n - 8)) * 0xc4ceb9fe1a85ec53ull;
	}
	return (size_t)(h ^ h >> 29);
}

static bool same_key(const char *a, const char *b, size_t n)
{
	size_t i;

	if (n < 8)
		return !memcmp(a, b, n);
	for (i = 0; i + 8 < n; i += 8)
		if (word_at(a + i) != word_at(b + i))
			return false;
	return word_at(a + n - 8) == word_at(b + n - 8);
}

/* The slot of @key: where it is, or the empty one where it would go. */
static struct glance_slot *slot(const struct glance *g, uint32_t h, const char *key, size_t n)
{
	size_t i = h & (g->cap - 1);

	for (;; i = (i + 1) & (g->cap - 1)) {
		struct glance_slot *s = &g->slots[i];
		const struct glance_tag *t;

		if (!s->tag)
			return s;
		if (s->hash != h || s->len != (n > 255 ? 255 : n))
			continue;
		t = &g->tags[s->tag - 1];
		if (same_key(n <= sizeof(s->key) ? s->key : t->key, key, n))
			return s;
	}
}

static void grow(struct glance *g)
{
	struct glance_slot *old = g->slots;
	size_t i, old_cap = g->cap;

	g->cap = g->cap ? g->cap * 2 : 256;
	g->slots = xcalloc(g->cap, sizeof(*g->slots));
	for (i = 0; i < old_cap; i++) {
		size_t j = old[i].hash & (g->cap - 1);

		if (!old[i].tag)
			continue;
		while (g->slots[j].tag)
			j = (j + 1) & (g->cap - 1);
		g->slots[j] = old[i];
	}
	free(old);
}

struct glance_tag *glance_at(struct glance *g, const char *p, size_t len)
{
	struct glance_slot *s;
	size_t t, k;

	/* the date is at most 7 bytes, and a line at least 16: one word */
	if (!g->date_len || len < 16 || ((word_at(p) ^ g->date_word) & g->date_mask) || !g->nr)
		return NULL;
	if (!(t = time_end(p, len, g->date_len)) || !(k = tag_end(p, len, t)))
		return NULL;
	s = slot(g, (uint32_t)hash_key(p + t, k - t), p + t, k - t);
	return s->tag ? &g->tags[s->tag - 1] : NULL;
}

void glance_learn(struct glance *g, const char *p, size_t len, const struct log_line *l,
		  const char *host)
{
	struct glance_tag *tag;
	struct glance_slot *s;
	size_t d, t, k, n;
	uint32_t h;

	if (l->fmt != LOG_RFC3164)
		return;
	/* this line sets the date the year guess follows: later ones must share it */
	g->date_len = 0;
	if (!(d = date_len_of(p, len)) || !(t = time_end(p, len, d)) || !(k = tag_end(p, len, t)))
		return;
	memcpy(g->date, p, d);
	g->date_len = d;
	g->date_word = word_at(p);
	g->date_mask = ~0ull >> (64 - 8 * d);
	if (g->nr >= GLANCE_MAX_TAGS)
		return;
	if (4 * (g->nr + 1) > g->cap)
		grow(g);
	n = k - t;
	h = (uint32_t)hash_key(p + t, n);
	s = slot(g, h, p + t, n);
	if (s->tag)
		return;
	ALLOC_GROW(g->tags, g->nr, g->alloc);
	tag = &g->tags[g->nr];
	s->hash = h;
	s->tag = (uint32_t)++g->nr;
	s->len = (uint8_t)(n > 255 ? 255 : n);
	memcpy(s->key, p + t, n < sizeof(s->key) ? n : sizeof(s->key));
	memcpy(tag->key, p + t, n);
	tag->len = n;
	tag->host = host;
	tag->kernel = log_line_is_kernel(l);
	tag->streamed = false;
}
