#include "util/strbuf.h"
#include "util/xalloc.h"

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	/* past SIZE_MAX: alloc_grow() runs out of memory */
	size_t want = extra < SIZE_MAX - sb->len ? sb->len + extra + 1 : SIZE_MAX;
	bool fresh = !sb->alloc;

	if (want <= sb->alloc)
		return;
	/* the shared empty string is never handed to realloc */
	sb->buf = alloc_grow(fresh ? NULL : sb->buf, want, &sb->alloc, 1);
	if (fresh)
		sb->buf[0] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *p, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, p, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
}

void strbuf_add_kb(struct strbuf *sb, double kb)
{
	/* the unit by the rounded value: 1048572 kB (a 1 GiB swap file) is 1.0 GiB, not 1024.0 MiB */
	if (kb >= 1024.0 * 1023.95)
		strbuf_addf(sb, "%.1f GiB", kb / (1024.0 * 1024.0));
	else if (kb >= 1023.5)
		strbuf_addf(sb, "%.1f MiB", kb / 1024.0);
	else
		strbuf_addf(sb, "%.0f KiB", kb);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *strbuf_detach(struct strbuf *sb)
{
	char *r = sb->alloc ? sb->buf : xstrdup("");

	strbuf_init(sb);
	return r;
}

void strbuf_add_duration(struct strbuf *sb, int64_t s)
{
	double x = (double)(s < 0 ? -s : s);

	if (x < 120)
		strbuf_addf(sb, "%.0f s", x);
	else if (x < 2 * 3600)
		strbuf_addf(sb, "%.0f min", x / 60);
	else if (x < 2 * 86400)
		strbuf_addf(sb, "%.1f h", x / 3600);
	else
		strbuf_addf(sb, "%.1f days", x / 86400);
}
