#include "input/textconv.h"

/* gzip, xz, bzip2, zstd, lz4, zip magic or a ustar header: libarchive reads it. */
static bool is_archive(const unsigned char *b, size_t n)
{
	if (n < 4)
		return false;
	if ((b[0] == 0x1f && b[1] == 0x8b) || (n >= 5 && b[0] == 0xfd && !memcmp(b + 1, "7zXZ", 4)) ||
	    !memcmp(b, "BZh", 3) || !memcmp(b, "\x28\xb5\x2f\xfd", 4) ||
	    !memcmp(b, "\x04\x22\x4d\x18", 4) || !memcmp(b, "PK\x03\x04", 4))
		return true;
	return n >= 262 && !memcmp(b + 257, "ustar", 5);
}

/*
 * UTF-16 without a byte order mark: of the first units, nine in ten have a
 * NUL high byte and a non-NUL low byte (ASCII text).  A crash's run of NULs
 * (both bytes NUL) is no UTF-16.
 */
static bool nul_pattern(const unsigned char *b, size_t n, size_t low)
{
	size_t i, units = n / 2, ascii = 0;

	if (units < 8)
		return false;
	for (i = 0; i + 1 < n; i += 2)
		ascii += b[i + low] && !b[i + 1 - low];
	return ascii * 10 >= units * 9;
}

/* "{", then on the next line a blank-indented field name: journalctl's json-pretty */
static bool is_json_pretty(const unsigned char *b, size_t n)
{
	size_t i = 1;

	if (!n || b[0] != '{')
		return false;
	if (i < n && b[i] == '\r')
		i++;
	if (i >= n || b[i++] != '\n')
		return false;
	if (i >= n || (b[i] != '\t' && b[i] != ' '))
		return false;
	while (i < n && (b[i] == '\t' || b[i] == ' '))
		i++;
	return i < n && b[i] == '"';
}

enum text_kind text_kind(const unsigned char *head, size_t n)
{
	if (n > 512)
		n = 512;
	if (n >= 2 && head[0] == 0xff && head[1] == 0xfe)
		return TEXT_UTF16LE;
	if (n >= 2 && head[0] == 0xfe && head[1] == 0xff)
		return TEXT_UTF16BE;
	if (is_archive(head, n))
		return TEXT_ARCHIVE;
	if (nul_pattern(head, n & ~(size_t)1, 0))
		return TEXT_UTF16LE;
	if (nul_pattern(head, n & ~(size_t)1, 1))
		return TEXT_UTF16BE;
	if (is_json_pretty(head, n))
		return TEXT_JSON_PRETTY;
	return TEXT_PLAIN;
}

const char *text_kind_name(enum text_kind kind)
{
	switch (kind) {
	case TEXT_UTF16LE: return "UTF-16LE";
	case TEXT_UTF16BE: return "UTF-16BE";
	case TEXT_JSON_PRETTY: return "journalctl -o json-pretty";
	case TEXT_ARCHIVE: return "compressed";
	case TEXT_PLAIN: break;
	}
	return "text";
}

void text_conv_init(struct text_conv *c, struct byte_reader *inner, enum text_kind kind)
{
	memset(c, 0, sizeof(*c));
	c->inner = inner;
	c->kind = kind;
}

/* At least @want undecoded bytes in c->raw, unless the file ends first; -1 on a read error. */
static int raw_fill(struct text_conv *c, size_t want, const char **err)
{
	while (!c->eof && c->raw_len - c->raw_pos < want) {
		long r;

		if (c->raw_pos) {
			memmove(c->raw, c->raw + c->raw_pos, c->raw_len - c->raw_pos);
			c->raw_len -= c->raw_pos;
			c->raw_pos = 0;
		}
		r = c->inner->read(c->inner->handle, (char *)c->raw + c->raw_len,
				   sizeof(c->raw) - c->raw_len, err);
		if (r < 0)
			return -1;
		if (r == 0)
			c->eof = true;
		c->raw_len += (size_t)r;
	}
	return 0;
}

static unsigned utf16_unit(const struct text_conv *c, size_t at)
{
	const unsigned char *b = c->raw + at;

	return c->kind == TEXT_UTF16LE ? (unsigned)(b[0] | b[1] << 8) : (unsigned)(b[0] << 8 | b[1]);
}

/* @cp as UTF-8 into @out (room for 4); the bytes written. */
static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* UTF-16 units to UTF-8; a lone surrogate or an odd last byte becomes U+FFFD. */
static long utf16_read(struct text_conv *c, char *buf, size_t n, const char **err)
{
	size_t out = 0;

	while (n - out >= 4) {
		uint32_t cp;

		if (raw_fill(c, 4, err) < 0)
			return -1;
		if (c->raw_len - c->raw_pos < 2) {
			if (c->raw_len > c->raw_pos) {
				c->raw_pos = c->raw_len;
				out += utf8_put(buf + out, 0xfffd);
			}
			break;
		}
		cp = utf16_unit(c, c->raw_pos);
		c->raw_pos += 2;
		if (!c->started) {
			c->started = true;
			if (cp == 0xfeff)
				continue; /* the byte order mark */
		}
		if (cp >= 0xd800 && cp < 0xdc00 && c->raw_len - c->raw_pos >= 2 &&
		    utf16_unit(c, c->raw_pos) >= 0xdc00 && utf16_unit(c, c->raw_pos) < 0xe000) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (utf16_unit(c, c->raw_pos) - 0xdc00);
			c->raw_pos += 2;
		} else if (cp >= 0xd800 && cp < 0xe000) {
			cp = 0xfffd;
		}
		out += utf8_put(buf + out, cp);
	}
	return (long)out;
}

/*
 * json-pretty: a newline ends a record only after a line of "}" alone; the
 * others become blanks (a JSON string holds no raw newline, so none is in a
 * value).  The same number of bytes out as in.
 */
static long json_pretty_read(struct text_conv *c, char *buf, size_t n, const char **err)
{
	long r = c->inner->read(c->inner->handle, buf, n, err);
	long i;

	for (i = 0; i < r; i++) {
		char ch = buf[i];

		if (ch == '\n') {
			if (c->close_line != 1)
				buf[i] = ' ';
			c->close_line = 0;
		} else if (ch == '}' && c->close_line == 0) {
			c->close_line = 1;
		} else if (ch != ' ' && ch != '\t' && ch != '\r') {
			c->close_line = 2;
		}
	}
	return r;
}

long text_conv_read(void *handle, char *buf, size_t n, const char **err)
{
	struct text_conv *c = handle;

	if (c->kind == TEXT_JSON_PRETTY)
		return json_pretty_read(c, buf, n, err);
	return utf16_read(c, buf, n, err);
}
