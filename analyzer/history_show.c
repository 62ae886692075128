/*
 * memtriage history: what a --state database holds, per host and over the
 * fleet, in text, JSON, Markdown or HTML.  For each host its events and
 * findings (nights seen, first and last); for the fleet a grid of hosts x
 * nights, each cell the host's verdict that night, and the fleet findings
 * (history_fleet.c) no host alone shows.
 */
#include "history.h"
#include "util/json.h"
#include "util/xalloc.h"

struct hist_event {
	char *host, *type, *victim, *trigger, *cause;
	int64_t time, pid, first_seen;
	bool has_time, has_pid, year_guessed;
};

struct hist_finding {
	char *host, *rule, *severity, *title;
	int64_t first_seen, last_seen, nights;
};

struct hist_cell {
	char *host, *night, *verdict;
};

struct hist {
	struct hist_event *events;
	size_t nr_events, alloc_events;
	struct hist_finding *findings;
	size_t nr_findings, alloc_findings;
	struct hist_cell *cells;     /* by host, then night: the last run's verdict */
	size_t nr_cells, alloc_cells;
	char **nights;               /* the nights of the grid, in order */
	size_t nr_nights, alloc_nights;
	char **hosts;                /* the grid's hosts, in order */
	size_t nr_hosts, alloc_hosts;
	struct fleet_hit *fleet;
	size_t nr_fleet;
};

static char *dup_col(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);

	return s ? xstrdup(s) : NULL;
}

sqlite3_stmt *history_prepare(struct state *st, const char *sql, const struct history_query *hq,
			      struct diag *d)
{
	struct strbuf night = STRBUF_INIT;
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL)) {
		state_db_error(st, d, "read the history");
		sqlite3_finalize(q);
		return NULL;
	}
	if (hq->host)
		sqlite3_bind_text(q, 1, hq->host, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, hq->has_since ? hq->since : INT64_MIN);
	utc_date(&night, hq->has_since ? hq->since : -62135596800); /* 0001-01-01 */
	sqlite3_bind_text(q, 3, night.buf, -1, SQLITE_TRANSIENT);
	strbuf_release(&night);
	return q;
}

int history_rows_done(struct state *st, sqlite3_stmt *q, int rc, struct diag *d)
{
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : state_db_error(st, d, "read the history");
}

static const char events_sql[] =
	"SELECT host, time, type, victim, victim_pid, trigger, cause, first_seen, year_guessed FROM events"
	" WHERE (?1 IS NULL OR host = ?1) AND coalesce(time, first_seen) >= ?2"
	" ORDER BY host, time";
static const char findings_sql[] =
	"SELECT f.host, f.rule, f.severity, f.title, f.first_seen, f.last_seen,"
	" (SELECT count(*) FROM nights n WHERE n.host = f.host AND n.rule = f.rule AND n.night >= ?3)"
	" FROM findings f WHERE (?1 IS NULL OR f.host = ?1) AND f.last_seen >= ?2"
	" ORDER BY f.host, f.last_seen DESC, f.rule";
/* every verdict in order: the last run of a night is the night's (read_cells) */
static const char cells_sql[] =
	"SELECT v.host, r.night, v.verdict FROM verdicts v JOIN runs r ON r.id = v.run"
	" WHERE (?1 IS NULL OR v.host = ?1) AND r.night >= ?3"
	" ORDER BY v.host, r.night, r.id";

static int read_events(struct state *st, const struct history_query *hq, struct hist *h, struct diag *d)
{
	sqlite3_stmt *q;
	int rc;

	if (!(q = history_prepare(st, events_sql, hq, d)))
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct hist_event *e;

		ALLOC_GROW(h->events, h->nr_events, h->alloc_events);
		e = &h->events[h->nr_events++];
		e->host = dup_col(q, 0);
		e->has_time = sqlite3_column_type(q, 1) != SQLITE_NULL;
		e->time = sqlite3_column_int64(q, 1);
		e->type = dup_col(q, 2);
		e->victim = dup_col(q, 3);
		e->has_pid = sqlite3_column_type(q, 4) != SQLITE_NULL;
		e->pid = sqlite3_column_int64(q, 4);
		e->trigger = dup_col(q, 5);
		e->cause = dup_col(q, 6);
		e->first_seen = sqlite3_column_int64(q, 7);
		e->year_guessed = sqlite3_column_int(q, 8);
	}
	return history_rows_done(st, q, rc, d);
}

static int read_findings(struct state *st, const struct history_query *hq, struct hist *h,
			 struct diag *d)
{
	sqlite3_stmt *q;
	int rc;

	if (!(q = history_prepare(st, findings_sql, hq, d)))
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct hist_finding *f;

		ALLOC_GROW(h->findings, h->nr_findings, h->alloc_findings);
		f = &h->findings[h->nr_findings++];
		f->host = dup_col(q, 0);
		f->rule = dup_col(q, 1);
		f->severity = dup_col(q, 2);
		f->title = dup_col(q, 3);
		f->first_seen = sqlite3_column_int64(q, 4);
		f->last_seen = sqlite3_column_int64(q, 5);
		f->nights = sqlite3_column_int64(q, 6);
	}
	return history_rows_done(st, q, rc, d);
}

/* @s added to the sorted set @set unless there. */
static void add_name(char ***set, size_t *nr, size_t *alloc, const char *s)
{
	size_t lo = 0, hi = *nr;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp((*set)[mid], s);

		if (!c)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	ALLOC_GROW(*set, *nr, *alloc);
	memmove(*set + lo + 1, *set + lo, (*nr - lo) * sizeof(**set));
	(*set)[lo] = xstrdup(s);
	++*nr;
}

static int read_cells(struct state *st, const struct history_query *hq, struct hist *h, struct diag *d)
{
	sqlite3_stmt *q;
	int rc;

	if (!(q = history_prepare(st, cells_sql, hq, d)))
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct hist_cell *c = h->nr_cells ? &h->cells[h->nr_cells - 1] : NULL;

		if (c && !strcmp(c->host, (const char *)sqlite3_column_text(q, 0)) &&
		    !strcmp(c->night, (const char *)sqlite3_column_text(q, 1))) {
			/* a later run of the same night */
			free(c->verdict);
			c->verdict = dup_col(q, 2);
			continue;
		}
		ALLOC_GROW(h->cells, h->nr_cells, h->alloc_cells);
		c = &h->cells[h->nr_cells++];
		c->host = dup_col(q, 0);
		c->night = dup_col(q, 1);
		c->verdict = dup_col(q, 2);
		if (!h->nr_hosts || strcmp(h->hosts[h->nr_hosts - 1], c->host)) {
			ALLOC_GROW(h->hosts, h->nr_hosts, h->alloc_hosts);
			h->hosts[h->nr_hosts++] = xstrdup(c->host);
		}
		add_name(&h->nights, &h->nr_nights, &h->alloc_nights, c->night);
	}
	return history_rows_done(st, q, rc, d);
}

static void hist_release(struct hist *h)
{
	size_t i;

	for (i = 0; i < h->nr_events; i++) {
		struct hist_event *e = &h->events[i];

		free(e->host), free(e->type), free(e->victim), free(e->trigger), free(e->cause);
	}
	for (i = 0; i < h->nr_findings; i++) {
		struct hist_finding *f = &h->findings[i];

		free(f->host), free(f->rule), free(f->severity), free(f->title);
	}
	for (i = 0; i < h->nr_cells; i++)
		free(h->cells[i].host), free(h->cells[i].night), free(h->cells[i].verdict);
	for (i = 0; i < h->nr_nights; i++)
		free(h->nights[i]);
	for (i = 0; i < h->nr_hosts; i++)
		free(h->hosts[i]);
	free(h->events), free(h->findings), free(h->cells), free(h->nights), free(h->hosts);
	fleet_hits_free(h->fleet, h->nr_fleet);
}

/* The verdict of @host on @night, or NULL for a night it was not in a run. */
static const char *cell_of(const struct hist *h, size_t *from, const char *host, const char *night)
{
	size_t i;

	for (i = *from; i < h->nr_cells && !strcmp(h->cells[i].host, host); i++)
		if (!strcmp(h->cells[i].night, night)) {
			*from = i + 1;
			return h->cells[i].verdict;
		}
	return NULL;
}

static size_t first_cell(const struct hist *h, const char *host)
{
	size_t lo = 0, hi = h->nr_cells;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(h->cells[mid].host, host) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void history_time(struct strbuf *sb, int64_t t, bool guessed)
{
	struct mt_time mt;

	mt_time_from_epoch(&mt, t, -1, 0, false);
	mt_time_format_marked(&mt, guessed, sb); /* the reports' mark: "2026?-03-14T02:11:05" */
}

/* "oom_kill java (pid 4127), lowmem_exhausted" */
static void event_words(struct strbuf *sb, const struct hist_event *e)
{
	if (e->has_time)
		history_time(sb, e->time, e->year_guessed);
	else
		strbuf_addstr(sb, "time unknown");
	strbuf_addf(sb, "  %s", e->type);
	if (e->victim)
		strbuf_addf(sb, " %s", e->victim);
	if (e->has_pid)
		strbuf_addf(sb, " (pid %lld)", (long long)e->pid);
	else if (!e->victim && e->trigger)
		strbuf_addf(sb, " by %s", e->trigger);
	strbuf_addf(sb, ": %s", e->cause ? e->cause : "cause not recorded");
}

/* "warning oom-kill: The kernel's OOM killer... (3 nights, 2026-11-28 to 2026-11-30)" */
static void finding_words(struct strbuf *sb, const struct hist_finding *f)
{
	strbuf_addf(sb, "%s %s: %s (%lld night%s, ", f->severity, f->rule, f->title,
		    (long long)f->nights, f->nights == 1 ? "" : "s");
	utc_date(sb, f->first_seen);
	if (f->last_seen / 86400 != f->first_seen / 86400) {
		strbuf_addstr(sb, " to ");
		utc_date(sb, f->last_seen);
	}
	strbuf_addch(sb, ')');
}

static char verdict_letter(const char *v)
{
	return !v ? '.' : !strcmp(v, "critical") ? 'C' : !strcmp(v, "warning") ? 'W'
		: !strcmp(v, "info") ? 'i' : 'o';
}

/* ---- the formats ---------------------------------------------------------------- */

static void show_text(FILE *out, const struct hist *h, bool md)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k, ev = 0, fi = 0;

	for (i = 0; i < h->nr_hosts; i++) {
		const char *host = h->hosts[i];

		fprintf(out, md ? "## %s\n\n" : "%s\n", host);
		fputs(md ? "Events:\n\n" : "  events:\n", out);
		for (k = 0; ev < h->nr_events && strcmp(h->events[ev].host, host) <= 0; ev++) {
			if (strcmp(h->events[ev].host, host))
				continue;
			strbuf_reset(&sb);
			event_words(&sb, &h->events[ev]);
			fprintf(out, md ? "- %s\n" : "    %s\n", sb.buf);
			k++;
		}
		if (!k)
			fputs(md ? "- none recorded\n" : "    none recorded\n", out);
		fputs(md ? "\nFindings:\n\n" : "  findings:\n", out);
		for (k = 0; fi < h->nr_findings && strcmp(h->findings[fi].host, host) <= 0; fi++) {
			if (strcmp(h->findings[fi].host, host))
				continue;
			strbuf_reset(&sb);
			finding_words(&sb, &h->findings[fi]);
			fprintf(out, md ? "- %s\n" : "    %s\n", sb.buf);
			k++;
		}
		if (!k)
			fputs(md ? "- none\n" : "    none\n", out);
		fputc('\n', out);
	}
	if (md && h->nr_nights) {
		fputs("## Verdicts by night\n\n| host |", out);
		for (k = 0; k < h->nr_nights; k++)
			fprintf(out, " %s |", h->nights[k] + 5);
		fputs("\n|---|", out);
		for (k = 0; k < h->nr_nights; k++)
			fputs("---|", out);
		fputc('\n', out);
		for (i = 0; i < h->nr_hosts; i++) {
			size_t from = first_cell(h, h->hosts[i]);

			fprintf(out, "| %s |", h->hosts[i]);
			for (k = 0; k < h->nr_nights; k++) {
				const char *v = cell_of(h, &from, h->hosts[i], h->nights[k]);

				fprintf(out, " %s |", v ? v : "");
			}
			fputc('\n', out);
		}
		fputc('\n', out);
	} else if (h->nr_nights) {
		fprintf(out, "verdicts by night, %s to %s (C critical, W warning, i info, o ok, . no run):\n",
			h->nights[0], h->nights[h->nr_nights - 1]);
		for (i = 0; i < h->nr_hosts; i++) {
			size_t from = first_cell(h, h->hosts[i]);

			fprintf(out, "  %-24s ", h->hosts[i]);
			for (k = 0; k < h->nr_nights; k++)
				fputc(verdict_letter(cell_of(h, &from, h->hosts[i], h->nights[k])), out);
			fputc('\n', out);
		}
		fputc('\n', out);
	}
	fputs(md ? "## Fleet findings\n\n" : "fleet findings:\n", out);
	for (i = 0; i < h->nr_fleet; i++)
		fprintf(out, md ? "- **%s** %s (`%s`): %s\n" : "  [%s] %s (%s): %s\n",
			severity_names[h->fleet[i].rule->severity], h->fleet[i].rule->title,
			h->fleet[i].rule->id, h->fleet[i].text);
	if (!h->nr_fleet)
		fputs(md ? "- none\n" : "  none\n", out);
	strbuf_release(&sb);
}

static void json_opt_i64(struct json *j, const char *key, bool has, int64_t v)
{
	json_key(j, key);
	if (has)
		json_i64(j, v);
	else
		json_null(j);
}

static void json_time(struct json *j, const char *key, bool has, int64_t t)
{
	struct strbuf sb = STRBUF_INIT;

	json_key(j, key);
	if (has) {
		history_time(&sb, t, false);
		json_str(j, sb.buf);
	} else {
		json_null(j);
	}
	strbuf_release(&sb);
}

static void show_json(FILE *out, const struct hist *h)
{
	struct json j;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kv_str(&j, "schema", "memtriage-history/1");
	json_kv_str(&j, "version", MT_VERSION);
	json_key(&j, "events");
	json_arr_begin(&j);
	for (i = 0; i < h->nr_events; i++) {
		const struct hist_event *e = &h->events[i];

		json_obj_begin(&j);
		json_kv_str(&j, "host", e->host);
		json_time(&j, "time", e->has_time, e->time);
		/* as the reports' JSON: the time stays ISO 8601, the guess is said beside it */
		json_key(&j, "year_guessed");
		if (e->has_time)
			json_bool(&j, e->year_guessed);
		else
			json_null(&j);
		json_kv_str(&j, "type", e->type);
		json_kv_str(&j, "victim", e->victim);
		json_opt_i64(&j, "victim_pid", e->has_pid, e->pid);
		json_kv_str(&j, "trigger", e->trigger);
		json_kv_str(&j, "cause", e->cause);
		json_time(&j, "first_seen", true, e->first_seen);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "findings");
	json_arr_begin(&j);
	for (i = 0; i < h->nr_findings; i++) {
		const struct hist_finding *f = &h->findings[i];

		json_obj_begin(&j);
		json_kv_str(&j, "host", f->host);
		json_kv_str(&j, "rule", f->rule);
		json_kv_str(&j, "severity", f->severity);
		json_kv_str(&j, "title", f->title);
		json_kv_i64(&j, "nights", f->nights);
		json_time(&j, "first_seen", true, f->first_seen);
		json_time(&j, "last_seen", true, f->last_seen);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "nights");
	json_arr_begin(&j);
	for (k = 0; k < h->nr_nights; k++)
		json_str(&j, h->nights[k]);
	json_arr_end(&j);
	json_key(&j, "verdicts");
	json_obj_begin(&j);
	for (i = 0; i < h->nr_hosts; i++) {
		size_t from = first_cell(h, h->hosts[i]);

		json_key(&j, h->hosts[i]);
		json_arr_begin(&j);
		for (k = 0; k < h->nr_nights; k++) {
			const char *v = cell_of(h, &from, h->hosts[i], h->nights[k]);

			if (v)
				json_str(&j, v);
			else
				json_null(&j);
		}
		json_arr_end(&j);
	}
	json_obj_end(&j);
	json_key(&j, "fleet_findings");
	json_arr_begin(&j);
	for (i = 0; i < h->nr_fleet; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "rule", h->fleet[i].rule->id);
		json_kv_str(&j, "severity", severity_names[h->fleet[i].rule->severity]);
		json_kv_str(&j, "title", h->fleet[i].rule->title);
		json_kv_str(&j, "detail", h->fleet[i].text);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_flush(&j);
	fputc('\n', out);
	strbuf_release(&sb);
}

static void esc_html(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '"')
			fputs("&quot;", out);
		else
			fputc(*s, out);
	}
}

static void show_html(FILE *out, const struct hist *h)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>memtriage history</title><style>"
	      "body{font:14px sans-serif;margin:1em}table{border-collapse:collapse}"
	      "td,th{border:1px solid #ccc;padding:2px 4px;font-size:12px}"
	      "th.n{writing-mode:vertical-rl}.critical{background:#e57373}.warning{background:#ffd54f}"
	      ".info{background:#90caf9}.ok{background:#a5d6a7}.none{background:#fff}"
	      "</style></head><body>\n<h1>memtriage history</h1>\n", out);
	fputs("<h2>The fleet by night</h2>\n<table><tr><th>host</th>", out);
	for (k = 0; k < h->nr_nights; k++) {
		fputs("<th class=\"n\">", out);
		esc_html(out, h->nights[k]);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (i = 0; i < h->nr_hosts; i++) {
		size_t from = first_cell(h, h->hosts[i]);

		fputs("<tr><th>", out);
		esc_html(out, h->hosts[i]);
		fputs("</th>", out);
		for (k = 0; k < h->nr_nights; k++) {
			const char *v = cell_of(h, &from, h->hosts[i], h->nights[k]);

			fprintf(out, "<td class=\"%s\" title=\"", v ? v : "none");
			esc_html(out, h->nights[k]);
			fprintf(out, ": %s\">%c</td>", v ? v : "no run", verdict_letter(v));
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n<h2>Fleet findings</h2>\n<ul>\n", out);
	for (i = 0; i < h->nr_fleet; i++) {
		const char *sev = severity_names[h->fleet[i].rule->severity];

		fprintf(out, "<li><span class=\"%s\">%s</span> ", sev, sev);
		esc_html(out, h->fleet[i].rule->title);
		fputs(": ", out);
		esc_html(out, h->fleet[i].text);
		fputs("</li>\n", out);
	}
	if (!h->nr_fleet)
		fputs("<li>none</li>\n", out);
	fputs("</ul>\n<h2>Events and findings</h2>\n", out);
	fputs("<table><tr><th>host</th><th>event</th></tr>\n", out);
	for (i = 0; i < h->nr_events; i++) {
		strbuf_reset(&sb);
		event_words(&sb, &h->events[i]);
		fputs("<tr><td>", out);
		esc_html(out, h->events[i].host);
		fputs("</td><td>", out);
		esc_html(out, sb.buf);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n<table><tr><th>host</th><th>finding</th></tr>\n", out);
	for (i = 0; i < h->nr_findings; i++) {
		strbuf_reset(&sb);
		finding_words(&sb, &h->findings[i]);
		fprintf(out, "<tr><td>");
		esc_html(out, h->findings[i].host);
		fprintf(out, "</td><td class=\"%s\">", h->findings[i].severity);
		esc_html(out, sb.buf);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n</body></html>\n", out);
	strbuf_release(&sb);
}

int history_show(struct state *st, const struct history_query *hq, const struct ruleset *rs,
		 FILE *out, struct diag *d)
{
	struct hist h = { 0 };
	int ret = read_events(st, hq, &h, d) || read_findings(st, hq, &h, d) || read_cells(st, hq, &h, d) ||
		  fleet_findings(st, hq, rs, &h.fleet, &h.nr_fleet, d);

	if (!ret) {
		if (!strcmp(hq->format, "json"))
			show_json(out, &h);
		else if (!strcmp(hq->format, "html"))
			show_html(out, &h);
		else
			show_text(out, &h, !strcmp(hq->format, "markdown"));
	}
	hist_release(&h);
	return ret ? -1 : 0;
}
