#include "report/report.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const struct report_writer *const writers[] = {
	&out_text, &out_json, &out_jsonl, &out_markdown, &out_html,
};

const struct report_writer *report_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(writers); i++)
		if (!strcmp(writers[i]->name, name))
			return writers[i];
	return NULL;
}

void report_names(struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(writers); i++)
		strbuf_addf(sb, "%s%s", i ? (i + 1 < ARRAY_SIZE(writers) ? ", " : " or ") : "",
			    writers[i]->name);
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

/* "java x2, httpd": the victims of a host's kills, most frequent first. */
void host_victims(struct strbuf *sb, const struct host *h)
{
	const char *names[8];
	size_t counts[8], nr = 0, i, k;

	for (i = 0; i < h->nr_events; i++) {
		const char *c = h->events[i]->victim_comm;

		if (!c)
			continue;
		for (k = 0; k < nr && strcmp(names[k], c); k++)
			;
		if (k == nr && nr < ARRAY_SIZE(names)) {
			names[nr] = c;
			counts[nr++] = 0;
		}
		if (k < nr)
			counts[k]++;
	}
	for (i = 0; i < nr; i++) {
		strbuf_addf(sb, "%s%s", i ? ", " : "", names[i]);
		if (counts[i] > 1)
			strbuf_addf(sb, " x%zu", counts[i]);
	}
}


/* "systemd-oomd x2, earlyoom": the userspace killers that acted on @h */
static void host_killers(struct strbuf *sb, const struct host *h)
{
	const char *names[8];
	size_t counts[8], nr = 0, i, k;

	for (i = 0; i < h->nr_events; i++) {
		const char *kname = h->events[i]->killer;

		if (h->events[i]->type != OOM_USERSPACE_KILL || !kname)
			continue;
		for (k = 0; k < nr && strcmp(names[k], kname); k++)
			;
		if (k == nr && nr < ARRAY_SIZE(names)) {
			names[nr] = kname;
			counts[nr++] = 0;
		}
		if (k < nr)
			counts[k]++;
	}
	for (i = 0; i < nr; i++) {
		strbuf_addf(sb, "%s%s", i ? ", " : "", names[i]);
		if (counts[i] > 1)
			strbuf_addf(sb, " x%zu", counts[i]);
	}
}

void host_summary(struct strbuf *sb, const struct host *h)
{
	size_t kills = host_count(h, OOM_KILL), panics = host_count(h, OOM_PANIC),
	       fails = host_count(h, OOM_ALLOC_FAILURE), userspace = host_count(h, OOM_USERSPACE_KILL);

	if (!h->nr_events) {
		strbuf_addstr(sb, "no OOM kill, OOM panic or allocation failure");
		return;
	}
	if (kills) {
		size_t at = sb->len;

		strbuf_addf(sb, "%zu OOM kill%s (", kills, kills > 1 ? "s" : "");
		at = sb->len;
		host_victims(sb, h);
		strbuf_addstr(sb, sb->len == at ? "victim unknown)" : ")");
	}
	if (panics)
		strbuf_addf(sb, "%s%zu OOM panic%s", kills ? ", " : "", panics, panics > 1 ? "s" : "");
	if (fails)
		strbuf_addf(sb, "%s%zu allocation failure%s", kills || panics ? ", " : "", fails,
			    fails > 1 ? "s" : "");
	if (userspace) {
		strbuf_addf(sb, "%s%zu userspace kill%s (", kills || panics || fails ? ", " : "", userspace,
			    userspace > 1 ? "s" : "");
		host_killers(sb, h);
		strbuf_addch(sb, ')');
	}
}

const struct finding *worst_finding(const struct verdict *v)
{
	const struct finding *w = NULL;
	size_t i;

	for (i = 0; i < v->nr_findings; i++)
		if (!w || v->findings[i].rule->severity > w->rule->severity)
			w = &v->findings[i];
	return w;
}

const struct sysctl_rec *rec_to_change(const struct verdict *v, size_t *i)
{
	while (*i < v->nr_recs) {
		const struct sysctl_rec *r = &v->recs[(*i)++];

		if (!r->satisfied)
			return r;
	}
	return NULL;
}
