#include "util/json.h"
#include "util/utf8.h"
#include "util/value.h"

/*
 * A report of 70,000 events is a gigabyte of JSON written a token at a time:
 * tokens gather in the writer's own buffer and reach the stream in blocks,
 * since even unlocked stdio costs a call and its checks per token.
 */
void json_flush(struct json *j)
{
	if (j->len)
		fwrite_unlocked(j->buf, 1, j->len, j->f);
	j->len = 0;
}

static void put_n(struct json *j, const void *p, size_t n)
{
	if (n > sizeof(j->buf) - j->len) {
		json_flush(j);
		if (n >= sizeof(j->buf)) {
			fwrite_unlocked(p, 1, n, j->f);
			return;
		}
	}
	memcpy(j->buf + j->len, p, n);
	j->len += n;
}

static void put_c(struct json *j, char c)
{
	if (j->len == sizeof(j->buf))
		json_flush(j);
	j->buf[j->len++] = c;
}

static void put_s(struct json *j, const char *s)
{
	put_n(j, s, strlen(s));
}

void json_init(struct json *j, FILE *f, bool pretty)
{
	j->f = f;
	j->len = 0;
	j->depth = 0;
	j->after_key = false;
	memset(j->first, 0, sizeof(j->first));
	j->pretty = pretty;
	j->first[0] = true;
}

static void newline(struct json *j)
{
	static const char indent[2 * JSON_MAX_DEPTH + 1] = "\n                                                                ";

	if (j->pretty)
		put_n(j, indent, 1 + 2 * (size_t)j->depth);
}

/* Called before any value or key: the comma and the indentation. */
static void sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		put_c(j, ',');
	j->first[j->depth] = false;
	if (j->depth)
		newline(j);
}

static void open(struct json *j, char c)
{
	sep(j);
	put_c(j, c);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_(struct json *j, char c)
{
	bool empty = j->first[j->depth];

	if (j->depth)
		j->depth--;
	if (!empty)
		newline(j);
	put_c(j, c);
}

void json_obj_begin(struct json *j) { open(j, '{'); }
void json_obj_end(struct json *j) { close_(j, '}'); }
void json_arr_begin(struct json *j) { open(j, '['); }
void json_arr_end(struct json *j) { close_(j, ']'); }

static void escape(struct json *j, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	while (i < len) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			put_c(j, '\\');
			put_c(j, (char)c);
		} else if (c == '\n') {
			put_n(j, "\\n", 2);
		} else if (c == '\t') {
			put_n(j, "\\t", 2);
		} else if (c < 0x20 || c == 0x7f) {
			char u[8];

			put_n(j, u, (size_t)snprintf(u, sizeof(u), "\\u%04x", c));
		} else if (c >= 0x80) {
			n = utf8_len(s + i, len - i);
			if (!n) {
				put_n(j, "\\ufffd", 6);
				i++;
				continue;
			}
			put_n(j, s + i, n);
			i += n;
			continue;
		} else {
			/* a run that needs no escape goes out in one write */
			for (n = i + 1; n < len && s[n] >= 0x20 && s[n] < 0x7f && s[n] != '"' && s[n] != '\\'; n++)
				;
			put_n(j, s + i, n - i);
			i = n;
			continue;
		}
		i++;
	}
}

void json_key(struct json *j, const char *key)
{
	sep(j);
	put_c(j, '"');
	escape(j, key, strlen(key));
	put_s(j, j->pretty ? "\": " : "\":");
	j->after_key = true;
}

void json_strn(struct json *j, const char *s, size_t len)
{
	sep(j);
	put_c(j, '"');
	escape(j, s, len);
	put_c(j, '"');
}

void json_str(struct json *j, const char *s)
{
	if (!s)
		json_null(j);
	else
		json_strn(j, s, strlen(s));
}

void json_i64(struct json *j, int64_t v)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	sep(j);
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	put_n(j, p, (size_t)(buf + sizeof(buf) - p));
}

void json_double(struct json *j, double v)
{
	sep(j);
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%.6f", v);

	if (n >= 0 && (size_t)n < sizeof(buf)) {
		put_n(j, buf, (size_t)n);
	} else { /* a figure of more than 56 digits: straight to the stream */
		json_flush(j);
		fprintf(j->f, "%.6f", v);
	}
}

void json_bool(struct json *j, bool v)
{
	sep(j);
	put_s(j, v ? "true" : "false");
}

void json_null(struct json *j)
{
	sep(j);
	put_n(j, "null", 4);
}

void json_kv_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_kv_i64(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	if (v == MT_UNKNOWN)
		json_null(j);
	else
		json_i64(j, v);
}
