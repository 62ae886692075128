/*
 * UTF-8 as the reports need it: customer logs carry every encoding there
 * is (a process named in Latin-1, a truncated multibyte name), and every
 * report says it is UTF-8.  One decoder: JSON escapes with it, and the
 * other formats reach their stream through utf8_stream(), which writes
 * each invalid sequence as U+FFFD.
 */
#ifndef MT_UTF8_H
#define MT_UTF8_H

#include "util/common.h"

/* U+FFFD REPLACEMENT CHARACTER, as UTF-8 */
#define UTF8_REPLACEMENT "\xef\xbf\xbd"

/** Length of the valid UTF-8 sequence at @s (@n bytes left), or 0 if it is not one. */
size_t utf8_len(const unsigned char *s, size_t n);

/**
 * A stream that writes what it is given to @to, each invalid UTF-8 sequence
 * (a byte that starts none, a sequence cut short, an overlong or surrogate
 * one) as U+FFFD.  fclose() on it flushes to @to and leaves @to open; a
 * failed write to @to sets its error flag.  Out of memory ends the run, as xmalloc().
 */
FILE *utf8_stream(FILE *to);

#endif
