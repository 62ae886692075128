#include "report/report.h"
#include "engine/event_fields.h"

#include <math.h>
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

bool note_time_str(const struct oom_note *n, struct strbuf *sb)
{
	if (!n->time.valid || !n->time.year)
		return false;
	mt_time_format(&n->time, sb);
	return true;
}

int64_t host_suppressed(const struct host *h, bool before_reports)
{
	int64_t sum = MT_UNKNOWN;
	size_t i;

	for (i = 0; i < h->nr_notes; i++) {
		const struct oom_note *n = h->notes[i];

		if (n->kind == NOTE_SUPPRESSED && (n->oom || !before_reports))
			sum = (sum == MT_UNKNOWN ? 0 : sum) + n->count;
	}
	return sum;
}

/* When a note was printed: its time, else its uptime. */
static void note_when(struct strbuf *sb, const struct oom_note *n)
{
	if (note_time_str(n, sb))
		return;
	if (n->has_uptime)
		strbuf_addf(sb, "uptime %.3fs", (double)n->uptime_us / 1e6);
	else
		strbuf_addstr(sb, "time unknown");
}

void note_panic_sentence(struct strbuf *sb, const struct oom_note *n)
{
	strbuf_addf(sb, "kernel panic, %s, ", n->oom ? "the OOM killer's" : "not for memory");
	note_when(sb, n);
	strbuf_addf(sb, ": %s", n->text);
}

bool host_suppressed_sentence(struct strbuf *sb, const struct host *h)
{
	int64_t before = host_suppressed(h, true), all = host_suppressed(h, false);
	int64_t elsewhere = all - (before == MT_UNKNOWN ? 0 : before);

	if (all == MT_UNKNOWN)
		return false;
	strbuf_addstr(sb, "the kernel's rate limits suppressed ");
	if (before != MT_UNKNOWN) {
		strbuf_addf(sb, "%lld messages right before its reports (", (long long)before);
		host_rate_limits(sb, h, true);
		strbuf_addch(sb, ')');
	}
	if (elsewhere) {
		strbuf_addf(sb, "%s%lld messages elsewhere (", before != MT_UNKNOWN ? ", " : "", (long long)elsewhere);
		host_rate_limits(sb, h, false);
		strbuf_addch(sb, ')');
	}
	return true;
}

int64_t fleet_suppressed(const struct model *m)
{
	int64_t sum = MT_UNKNOWN;
	size_t i;

	for (i = 0; i < m->nr_hosts; i++) {
		int64_t n = host_suppressed(m->hosts[i], true);

		if (n != MT_UNKNOWN)
			sum = (sum == MT_UNKNOWN ? 0 : sum) + n;
	}
	return sum;
}

const char *verdict_severity(const struct verdict *v)
{
	return v->worst >= 0 ? severity_names[v->worst] : "ok";
}

void verdict_causes(struct strbuf *sb, const struct verdict *v, const struct ruleset *rs)
{
	size_t k;

	for (k = 0; k < v->host.nr_causes; k++)
		strbuf_addf(sb, "%s%s", k ? ", " : "", rs->kinds[v->host.causes[k]].name);
}

size_t event_nodes(const struct oom_event *e)
{
	size_t i, k, n = 0;

	for (i = 0; i < e->nr_zones; i++) {
		if (e->zones[i].node < 0)
			continue;
		for (k = 0; k < i && e->zones[k].node != e->zones[i].node; k++)
			;
		n += k == i;
	}
	return n;
}

const struct finding_seen *finding_seen_of(const struct report_ctx *ctx, const struct verdict *v, size_t f)
{
	size_t h = (size_t)(v - ctx->verdicts);

	return ctx->seen && ctx->seen[h] ? &ctx->seen[h][f] : NULL;
}

void utc_date(struct strbuf *sb, int64_t epoch)
{
	int y;
	unsigned mon, day;

	civil_from_days(epoch >= 0 ? epoch / 86400 : (epoch - 86399) / 86400, &y, &mon, &day);
	strbuf_addf(sb, "%04d-%02u-%02u", y, mon, day);
}

bool finding_seen_words(struct strbuf *sb, const struct report_ctx *ctx, const struct verdict *v, size_t f)
{
	const struct finding_seen *s = finding_seen_of(ctx, v, f);

	if (!s)
		return false;
	if (!s->again) {
		strbuf_addstr(sb, "new");
		return true;
	}
	strbuf_addf(sb, "again: %u nights since ", s->nights);
	utc_date(sb, s->since);
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

/* ", NAME WORDS" for a field the event has: its value in the unit the field names. */
static void add_field(struct strbuf *sb, const struct oom_event *e, const char *words, const char *field)
{
	struct fval fv;

	event_field_get(e, field, &fv);
	if (fv.kind == FV_NONE)
		return;
	strbuf_addstr(sb, words);
	fval_format(sb, field, &fv);
}

bool hv_sample_words(const struct oom_event *e, struct strbuf *sb)
{
	static const struct { const char *hv, *name; } names[] = {
		{ "vmware", "VMware" }, { "hyperv", "Hyper-V" }, { "kvm", "KVM" }, { "xen", "Xen" },
	};
	const char *name = NULL;
	struct fval fv;
	size_t i;

	strbuf_reset(sb);
	if (!e->hv)
		return false;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (e->hv->hypervisor && !strcmp(e->hv->hypervisor, names[i].hv))
			name = names[i].name;
	strbuf_addf(sb, "%s balloon ", name ? name : e->hv->hypervisor ? e->hv->hypervisor : "the hypervisor's");
	event_field_get(e, "hv.balloon_mb", &fv);
	if (fv.kind == FV_NONE) {
		strbuf_addstr(sb, "unknown");
	} else {
		fval_format(sb, "hv.balloon_mb", &fv);
		event_field_get(e, "hv.balloon_share", &fv);
		if (fv.kind != FV_NONE) {
			strbuf_addstr(sb, " (");
			fval_format(sb, "hv.balloon_share", &fv);
			strbuf_addstr(sb, " of its memory)");
		}
	}
	add_field(sb, e, ", host-swapped ", "hv.swapped_mb");
	if (!isnan(e->hv->limit_mb))
		e->hv->limit_mb < 0 ? strbuf_addstr(sb, ", no limit") : add_field(sb, e, ", limit ", "hv.limit_mb");
	add_field(sb, e, ", reservation ", "hv.reservation_mb");
	add_field(sb, e, ", ", "hv.when");
	return true;
}

const char *host_hypervisor_label(const struct host *h, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, h->hypervisor ? h->hypervisor : "unknown");
	if (h->platform)
		strbuf_addf(sb, " (%s)", h->platform);
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

/* Names counted in the order first seen, the first 8 of them: "java x2, httpd". */
struct name_tally {
	const char *names[8];
	size_t counts[8], nr;
};

static void tally_add(struct name_tally *t, const char *name)
{
	size_t k;

	for (k = 0; k < t->nr && strcmp(t->names[k], name); k++)
		;
	if (k == t->nr && t->nr < ARRAY_SIZE(t->names)) {
		t->names[t->nr] = name;
		t->counts[t->nr++] = 0;
	}
	if (k < t->nr)
		t->counts[k]++;
}

static void tally_print(struct strbuf *sb, const struct name_tally *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		strbuf_addf(sb, "%s%s", i ? ", " : "", t->names[i]);
		if (t->counts[i] > 1)
			strbuf_addf(sb, " x%zu", t->counts[i]);
	}
}

void host_rate_limits(struct strbuf *sb, const struct host *h, bool before_reports)
{
	struct name_tally t = { .nr = 0 };
	size_t i;

	for (i = 0; i < h->nr_notes; i++)
		if (h->notes[i]->kind == NOTE_SUPPRESSED && h->notes[i]->oom == before_reports)
			tally_add(&t, h->notes[i]->text);
	tally_print(sb, &t);
}

/* "java x2, httpd": the victims of a host's kills, most frequent first. */
void host_victims(struct strbuf *sb, const struct host *h)
{
	struct name_tally t = { .nr = 0 };
	size_t i;

	for (i = 0; i < h->nr_events; i++)
		if (h->events[i]->victim_comm)
			tally_add(&t, h->events[i]->victim_comm);
	tally_print(sb, &t);
}


void host_summary(struct strbuf *sb, const struct host *h)
{
	size_t kills = host_count(h, OOM_KILL), panics = host_count(h, OOM_PANIC),
	       fails = host_count(h, OOM_ALLOC_FAILURE);

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
