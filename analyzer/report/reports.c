#include "report/report.h"
#include "util/strbuf.h"

static const struct report_writer *const writers[] = { &out_text, &out_json };

const struct report_writer *report_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(writers); i++)
		if (!strcmp(writers[i]->name, name))
			return writers[i];
	return NULL;
}

const char *report_names(void)
{
	return "text, json";
}

size_t host_count(const struct host *h, enum oom_type t)
{
	size_t i, n = 0;

	for (i = 0; i < h->nr_events; i++)
		n += h->events[i]->type == t;
	return n;
}

bool event_time_str(const struct oom_event *e, struct strbuf *sb)
{
	if (!e->time.valid || !e->time.year)
		return false;
	mt_time_format(&e->time, sb);
	return true;
}

const char *host_label(const struct host *h, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (h->name)
		strbuf_addstr(sb, h->name);
	else
		strbuf_addf(sb, "(host not named in %s)", h->origin_path ? h->origin_path : "the input");
	return sb->buf;
}

void print_wrapped(FILE *out, const char *text, unsigned indent, unsigned width)
{
	const char *p = text;
	unsigned col = 0;

	while (*p) {
		size_t w;

		while (*p == ' ' || *p == '\n')
			p++;
		if (!*p)
			break;
		w = strcspn(p, " \n");
		if (col && col + 1 + w > width) {
			fputc('\n', out);
			col = 0;
		}
		if (!col) {
			fprintf(out, "%*s", (int)indent, "");
			col = indent;
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, w, out);
		col += (unsigned)w;
		p += w;
	}
	if (col)
		fputc('\n', out);
}
