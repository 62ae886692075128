#include "util/utf8.h"
#include "util/xalloc.h"

size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/*
 * stdio hands the stream's buffer over in blocks, which may end inside a
 * character: the start of one that may still be valid waits for the next
 * block (or the close, where it is invalid).
 */
#define UTF8_STREAM_BUF (64u * 1024u)

struct utf8_out {
	FILE *to;
	unsigned char held[4];
	size_t nr_held;
};

/* Could @s (@n bytes, fewer than its lead byte asks) still become a valid sequence? */
static bool utf8_may_continue(const unsigned char *s, size_t n)
{
	unsigned char full[4] = { 0 };
	size_t i;

	if (n >= sizeof(full) || s[0] < 0xc2 || s[0] > 0xf4)
		return false;
	memcpy(full, s, n);
	/* the smallest continuation that passes the overlong and surrogate checks */
	for (i = n; i < sizeof(full); i++)
		full[i] = (s[0] == 0xe0 && i == 1) ? 0xa0 : (s[0] == 0xf0 && i == 1) ? 0x90 : 0x80;
	return utf8_len(full, sizeof(full)) > n;
}

static bool put(struct utf8_out *u, const void *p, size_t n)
{
	return fwrite_unlocked(p, 1, n, u->to) == n;
}

static bool put_replacements(struct utf8_out *u, size_t n)
{
	while (n--)
		if (!put(u, UTF8_REPLACEMENT, sizeof(UTF8_REPLACEMENT) - 1))
			return false;
	return true;
}

/* Write @s: valid runs as they are, the rest as U+FFFD; a possible start of a character at its end is held. */
static bool utf8_put(struct utf8_out *u, const unsigned char *s, size_t len)
{
	size_t i = 0, run = 0, n;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_len(s + i, len - i);
		if (n) {
			i += n;
			continue;
		}
		if (!put(u, s + run, i - run))
			return false;
		if (utf8_may_continue(s + i, len - i)) {
			memcpy(u->held, s + i, len - i);
			u->nr_held = len - i;
			return true;
		}
		if (!put_replacements(u, 1))
			return false;
		run = ++i;
	}
	return put(u, s + run, len - run);
}

static ssize_t utf8_write(void *cookie, const char *buf, size_t size)
{
	struct utf8_out *u = cookie;
	const unsigned char *s = (const unsigned char *)buf;
	size_t used = 0;

	if (u->nr_held) {
		unsigned char joined[sizeof(u->held)];
		size_t have = u->nr_held, n;

		/* the held start and what of the new block may finish it */
		used = size < sizeof(joined) - have ? size : sizeof(joined) - have;
		memcpy(joined, u->held, have);
		memcpy(joined + have, s, used);
		u->nr_held = 0;
		n = utf8_len(joined, have + used);
		if (n) {
			if (!put(u, joined, n))
				return -1;
			used = n - have;
		} else if (utf8_may_continue(joined, have + used)) {
			memcpy(u->held, joined, have + used);
			u->nr_held = have + used;
			return (ssize_t)size;
		} else {
			/* a byte each, as when the sequence is not cut between blocks */
			if (!put_replacements(u, have))
				return -1;
			used = 0;
		}
	}
	return utf8_put(u, s + used, size - used) ? (ssize_t)size : -1;
}

static int utf8_close(void *cookie)
{
	struct utf8_out *u = cookie;
	bool ok = put_replacements(u, u->nr_held);

	free(u);
	return ok ? 0 : EOF;
}

FILE *utf8_stream(FILE *to)
{
	static const cookie_io_functions_t io = { .write = utf8_write, .close = utf8_close };
	struct utf8_out *u = xcalloc(1, sizeof(*u));
	FILE *f;

	u->to = to;
	f = fopencookie(u, "w", io);
	if (!f) /* it fails only for want of memory */
		xalloc_die();
	/* a large report goes through in fewer, larger blocks */
	setvbuf(f, NULL, _IOFBF, UTF8_STREAM_BUF);
	return f;
}
