/*
 * A growable string.  Invariants: buf is never NULL and always NUL-terminated;
 * STRBUF_INIT allocates nothing (buf points to a shared empty string until
 * the first write).
 */
#ifndef MT_STRBUF_H
#define MT_STRBUF_H

#include "util/common.h"
#include <stdarg.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *p, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) MT_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) MT_PRINTF(2, 0);
/** Cut the string to its first @len bytes (@len <= sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);
/** A size in kB as a person reads it: "512 KiB", "35.8 MiB", "19.7 GiB". */
void strbuf_add_kb(struct strbuf *sb, double kb);
/** "59 s", "12 min", "5.5 h", "3.0 days": a span of @s seconds (either sign) as a reader takes it in. */
void strbuf_add_duration(struct strbuf *sb, int64_t s);
/** Hand the buffer to the caller (free() it); sb is left empty. */
char *strbuf_detach(struct strbuf *sb);

#endif
