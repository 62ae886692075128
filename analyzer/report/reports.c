#include "report/report.h"
#include "engine/event_fields.h"

#include <ctype.h>
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

/*
 * The bar's parts do not overlap but for shmem: the kernel keeps shmem and
 * tmpfs pages on the anonymous LRU lists (swap-backed), so a bar draws anon
 * less shmem beside shmem.  Swap used is not RAM: it comes last.
 */
const struct mem_part mem_parts[] = {
	{ "ram_kb", "ram_kb", "RAM", false },
	{ "managed_kb", "mem.managed_kb", "managed", false },
	{ "free_kb", "mem.free_kb", "free", true },
	{ "anon_kb", "mem.anon_kb", "anon", true },
	{ "file_kb", "mem.file_kb", "file", true },
	{ "shmem_kb", "mem.shmem_kb", "shmem", true },
	{ "slab_kb", "mem.slab_kb", "slab", true },
	{ "pagetables_kb", "mem.pagetables_kb", "page tables", true },
	{ "kernel_stack_kb", "mem.kernel_stack_kb", "kernel stacks", false },
	{ "hugepages_kb", "mem.hugepages_kb", "huge pages", false },
	{ "unaccounted_kb", "mem.unaccounted_kb", "unaccounted", true },
	{ "dirty_kb", "mem.dirty_kb", "dirty", false },
	{ "writeback_kb", "mem.writeback_kb", "writeback", false },
	{ "mapped_kb", "mem.mapped_kb", "mapped", false },
	{ "swap_total_kb", "swap.total_kb", "swap", false },
	{ "swap_used_kb", "swap.used_kb", "swap used", true },
};
const size_t nr_mem_parts = ARRAY_SIZE(mem_parts);

int64_t event_kb(const struct oom_event *e, const char *field)
{
	struct fval fv;

	event_field_get(e, field, &fv);
	return fv.kind == FV_NUM ? (int64_t)fv.num : MT_UNKNOWN;
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

/*
 * For people: ISO 8601 with a "?" after a year that was guessed,
 * "2026?-03-14T02:11:05", so that no guess reads as a fact.
 */
static bool time_shown(const struct mt_time *t, struct strbuf *sb)
{
	if (!t->valid || !t->year)
		return false;
	mt_time_format_marked(t, mt_year_guessed(t), sb);
	return true;
}

bool event_time_shown(const struct oom_event *e, struct strbuf *sb)
{
	return time_shown(&e->time, sb);
}

/* The guesses behind @t's year, as bits of 1 << enum mt_year_from, and 1 << MT_YEAR__COUNT for a walk stopped. */
static unsigned year_guesses(const struct mt_time *t)
{
	if (!t->valid || !t->year || !mt_year_guessed(t))
		return 0;
	return (1u << t->year_from) | (t->year_floored ? 1u << MT_YEAR__COUNT : 0);
}

bool host_year_sentence(struct strbuf *sb, const struct host *h)
{
	unsigned g = 0;
	size_t i;

	for (i = 0; i < h->nr_events; i++)
		g |= year_guesses(&h->events[i]->time);
	for (i = 0; i < h->nr_notes; i++)
		g |= year_guesses(&h->notes[i]->time);
	if (!g)
		return false;
	strbuf_addstr(sb, "years marked ? are guessed, the log's stamps have none: from");
	if (g & (1u << MT_YEAR_MTIME))
		strbuf_addstr(sb, " the file's mtime (a log saved later dates itself later)");
	if (g & (1u << MT_YEAR_READ))
		strbuf_addf(sb, "%s the time it was read (no file date)", g & (1u << MT_YEAR_MTIME) ? " and" : "");
	if (g & (1u << MT_YEAR__COUNT))
		strbuf_addf(sb, "; its Dec->Jan turns walk back past %d, the kernel's first year, and stop there",
			    MT_FIRST_YEAR);
	strbuf_addstr(sb, "; --year YEAR gives the year its last line was written");
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
	if (time_shown(&n->time, sb))
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

bool hv_admission_words(const struct oom_event *e, struct strbuf *sb)
{
	const struct hv_admission *a = e->admission;

	strbuf_reset(sb);
	if (!a)
		return false;
	add_field(sb, e, "refused memory ", "esx.admission_when");
	if (a->asked_of) {
		add_field(sb, e, ": asked ", "esx.admission_requested_kb");
		strbuf_addf(sb, " of %s, which had", a->asked_of);
		add_field(sb, e, " ", "esx.admission_available_kb");
		add_field(sb, e, " available, ", "esx.admission_occupied_kb");
		strbuf_addstr(sb, " occupied");
	} else {
		strbuf_addstr(sb, " (its figures line not found)");
	}
	strbuf_addf(sb, " (%s:%u)", a->source, a->line);
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

/* The length of the word at @p, with the size unit after it: "24.6 MiB)" is not cut in two. */
static size_t word_len(const char *p)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "kB", "pages" };
	size_t w = strcspn(p, " \n"), k, n;

	if (!w || !isdigit((unsigned char)p[w - 1]) || p[w] != ' ')
		return w;
	for (k = 0; k < ARRAY_SIZE(units); k++) {
		n = strlen(units[k]);
		if (!strncmp(p + w + 1, units[k], n) && !isalpha((unsigned char)p[w + 1 + n]))
			return w + 1 + strcspn(p + w + 1, " \n");
	}
	return w;
}

/*
 * A word longer than the @room left on its line (a path, a cgroup) is cut
 * after its last '/' that fits, and goes on under the indent; never after
 * a first '/' alone nor at its end.  0 when no '/' fits.
 */
static size_t slash_cut_within(const char *p, size_t w, size_t room)
{
	size_t k;

	for (k = room < w ? room : w - 1; k >= 2; k--)
		if (p[k - 1] == '/')
			return k;
	return 0;
}

/* ... else after its first '/': that part alone runs over the line. */
static size_t slash_cut(const char *p, size_t w, size_t room)
{
	size_t k = slash_cut_within(p, w, room);

	for (k = k ? k : 2; k < w && p[k - 1] != '/'; k++)
		;
	return k < w ? k : 0;
}

void print_wrapped_at(FILE *out, unsigned col, const char *text, unsigned indent, unsigned width)
{
	const char *p = text;
	bool line_start = !col;  /* nothing on the line yet, or only its indent */

	while (*p) {
		size_t w, cut;

		while (*p == ' ' || *p == '\n')
			p++;
		if (!*p)
			break;
		w = word_len(p);
		/*
		 * A word that does not fit starts the next line, even one longer
		 * than a line; but one that would not fit there either starts here
		 * when a part of it fits.
		 */
		if (!line_start && col + 1 + w > width &&
		    !(indent + w > width && col + 1 < width && slash_cut_within(p, w, width - col - 1))) {
			fputc('\n', out);
			col = 0;
			line_start = true;
		}
		if (!col) {
			fprintf(out, "%*s", (int)indent, "");
			col = indent;
		} else if (!line_start) {
			fputc(' ', out);
			col++;
		}
		line_start = false;
		/* longer than the line: cut after a '/', else it runs over, the only thing that may */
		while (col + w > width && col < width && (cut = slash_cut(p, w, width - col))) {
			fwrite(p, 1, cut, out);
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
			p += cut;
			w -= cut;
		}
		fwrite(p, 1, w, out);
		col += (unsigned)w;
		p += w;
	}
	if (col)
		fputc('\n', out);
}

void print_wrapped(FILE *out, const char *text, unsigned indent, unsigned width)
{
	print_wrapped_at(out, 0, text, indent, width);
}

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return (a > b) - (a < b);
}

void event_refs(struct strbuf *sb, const size_t *events, size_t n)
{
	size_t *sorted = xcalloc(n ? n : 1, sizeof(*sorted)), i, run;

	if (n)
		memcpy(sorted, events, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_size);
	for (i = 0; i < n; i = run) {
		size_t last = i;

		/* a run of consecutive numbers, repeats included, is one "#2-#5" */
		for (run = i + 1; run < n && sorted[run] <= sorted[last] + 1; run++)
			last = run;
		strbuf_addf(sb, "%s#%zu", i ? ", " : "", sorted[i] + 1);
		if (sorted[last] > sorted[i])
			strbuf_addf(sb, "%s#%zu", sorted[last] == sorted[i] + 1 ? ", " : "-", sorted[last] + 1);
	}
	free(sorted);
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

bool host_events_words(struct strbuf *sb, const struct host *h, const struct verdict *v)
{
	strbuf_reset(sb);
	host_summary(sb, h);
	host_span_words(sb, h);
	if (v->host.summary && strstr(v->host.summary, sb->buf)) {
		strbuf_reset(sb);
		return false;
	}
	return true;
}

const struct sysctl_rec *rec_asked_by(const struct verdict *v, const struct rule *rule, size_t *i)
{
	while (*i < v->nr_recs) {
		const struct sysctl_rec *r = &v->recs[(*i)++];
		size_t k;

		for (k = 0; k < r->nr_askers && r->askers[k].rule != rule; k++)
			;
		if (k < r->nr_askers && !r->satisfied)
			return r;
	}
	return NULL;
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
