#include "util/diag.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define DIAG_MAX_KEPT 10000

void diag_init(struct diag *d, FILE *echo)
{
	memset(d, 0, sizeof(*d));
	d->echo = echo;
	d->max_kept = DIAG_MAX_KEPT;
}

void diag_release(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++) {
		free(d->msgs[i].input);
		free(d->msgs[i].text);
	}
	free(d->msgs);
	memset(d, 0, sizeof(*d));
}

static void vreport(struct diag *d, enum diag_level level, const char *input, unsigned line,
		    const char *fmt, va_list ap) MT_PRINTF(5, 0);

static void vreport(struct diag *d, enum diag_level level, const char *input, unsigned line,
		    const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag_msg *m;

	strbuf_vaddf(&sb, fmt, ap);
	if (d->echo) {
		fprintf(d->echo, "%s", input ? input : "memtriage");
		if (line)
			fprintf(d->echo, ":%u", line);
		fprintf(d->echo, ": %s: %s\n", level == DIAG_ERROR ? "error" : "warning", sb.buf);
	}
	if (d->nr >= d->max_kept) {
		d->dropped++;
		strbuf_release(&sb);
		return;
	}
	ALLOC_GROW(d->msgs, d->nr, d->alloc);
	m = &d->msgs[d->nr++];
	m->level = level;
	m->input = input ? xstrdup(input) : NULL;
	m->line = line;
	m->text = strbuf_detach(&sb);
}

void diag_warn(struct diag *d, const char *input, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(d, DIAG_WARNING, input, line, fmt, ap);
	va_end(ap);
}

int diag_error(struct diag *d, const char *input, unsigned line, const char *fmt, ...)
{
	va_list ap;

	d->errors++;
	va_start(ap, fmt);
	vreport(d, DIAG_ERROR, input, line, fmt, ap);
	va_end(ap);
	return -1;
}
