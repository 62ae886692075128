/*
 * Cursor parsing over (ptr, end) ranges that need not be NUL-terminated:
 * every function either consumes what it names and returns true, or leaves
 * the cursor where it was and returns false.  Numbers are overflow-checked
 * before they are multiplied.
 */
#ifndef MT_SCAN_H
#define MT_SCAN_H

#include "util/common.h"

struct span {
	const char *p;
	size_t len;
};

#define SPAN_NONE ((struct span){ NULL, 0 })

static inline struct span span_make(const char *p, const char *end)
{
	return (struct span){ p, (size_t)(end - p) };
}

/* Just past the span's last byte; SPAN_NONE's NULL stays NULL (no arithmetic on a null pointer). */
static inline const char *span_end(struct span s)
{
	return s.len ? s.p + s.len : s.p;
}

bool span_eq(struct span s, const char *lit);
bool span_starts(struct span s, const char *lit);
struct span span_trim(struct span s);
/** First occurrence of @lit in @s, or NULL. */
const char *span_find(struct span s, const char *lit);
/** Case-insensitive (ASCII) search of @lit in @s. */
bool span_contains_nocase(struct span s, const char *lit);
/** No control character but tabs: text, not a binary blob read as a string. */
bool span_printable(struct span s);
/** Whether @s is 1 to @max bytes long and @ok accepts each of them. */
bool span_all_of(struct span s, size_t max, bool (*ok)(char c));
/** @v without one pair of matching shell quotes; SPAN_NONE when they do not match. */
struct span span_unquote(struct span v);
/** A copy of @s; caller frees with free(). */
char *span_dup(struct span s);

bool scan_lit(const char **p, const char *end, const char *lit);
bool scan_char(const char **p, const char *end, char c);
void scan_blanks(const char **p, const char *end);
bool scan_u64(const char **p, const char *end, uint64_t *out);
bool scan_i64(const char **p, const char *end, int64_t *out);
bool scan_hex(const char **p, const char *end, uint64_t *out);
/**
 * [-+]digits[.digits][e[-+]digits], or [-+].digits: the same in every
 * locale, unlike strtod() (a "," decimal point) and without its "inf",
 * "nan" and hex forms.
 */
bool scan_double(const char **p, const char *end, double *out);
/** Exactly @n decimal digits. */
bool scan_digits(const char **p, const char *end, unsigned n, unsigned *out);
/** A run of characters up to (not including) a blank or @end. */
bool scan_word(const char **p, const char *end, struct span *out);
/** How many bytes of p[0, n) are @c (newlines, for lines not read one by one). */
size_t count_char(const char *p, size_t n, char c);
/** count_char() as it is on a CPU without AVX2 (16 bytes at a time), for the tests. */
size_t count_char_generic(const char *p, size_t n, char c);
/** Parse a whole NUL-terminated string as a number; false on junk or overflow. */
bool parse_i64(const char *s, int64_t *out);

static inline bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static inline bool is_ident(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

#endif
