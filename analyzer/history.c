/* The history of a --state database: what each run found (see history.h). */
#include "history.h"
#include "oom/oom_event.h"
#include "util/vocab.h"
#include "util/xalloc.h"

#include <strings.h>
#include <unistd.h>

static sqlite3_stmt *prepare(struct state *st, const char *sql, struct diag *d)
{
	sqlite3_stmt *q = NULL;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) {
		state_db_error(st, d, "read or write the history");
		sqlite3_finalize(q);
		return NULL;
	}
	return q;
}

/* Bind the text @s, or NULL for a value not known. */
static void bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

static const char *column_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/* One statement run with what is bound; reset for the next. */
static int step_done(struct state *st, sqlite3_stmt *q, struct diag *d)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? 0 : state_db_error(st, d, "write the history");
}

/* The identity of an event across runs: host, time, type, victim, trigger. */
static void event_key(struct strbuf *sb, const char *host, const struct oom_event *e)
{
	int64_t t;

	strbuf_addf(sb, "%s|", host);
	if (mt_time_epoch(&e->time, &t))
		strbuf_addf(sb, "%lld", (long long)t);
	else
		strbuf_addf(sb, "%s:%u", e->src.file, e->src.line);
	strbuf_addf(sb, "|%s|%lld|%s", oom_type_names[e->type], (long long)e->victim_pid,
		    e->trigger_comm ? e->trigger_comm : "");
}

static bool known_now(const struct host *h, int64_t t, enum oom_type type, int64_t pid)
{
	size_t i;
	int64_t u;

	for (i = 0; i < h->nr_events; i++)
		if (h->events[i]->type == type && h->events[i]->victim_pid == pid &&
		    mt_time_epoch(&h->events[i]->time, &u) && u == t)
			return true;
	return false;
}

static enum oom_type type_named(const char *s)
{
	size_t i;

	for (i = 0; s && i < OOM__TYPES; i++)
		if (!strcmp(s, oom_type_names[i]))
			return (enum oom_type)i;
	return OOM__TYPES;
}

/* An earlier run's event, with what the history keeps of it; the rest unknown. */
static struct oom_event *past_event(sqlite3_stmt *q)
{
	enum oom_type type = type_named(column_text(q, 1));
	struct oom_event *e;

	if (type == OOM__TYPES)
		return NULL;
	e = oom_event_new(type);
	mt_time_from_epoch(&e->time, sqlite3_column_int64(q, 0), -1, 0, false);
	if (column_text(q, 2))
		e->victim_comm = vocab_str(column_text(q, 2));
	e->victim_pid = sqlite3_column_type(q, 3) == SQLITE_NULL ? MT_UNKNOWN : sqlite3_column_int64(q, 3);
	if (column_text(q, 4))
		e->trigger_comm = vocab_str(column_text(q, 4));
	/* where the guess came from is not kept: a guess all the same, marked "?" */
	if (sqlite3_column_int(q, 5))
		e->time.year_from = MT_YEAR_MTIME;
	e->complete = true;
	return e;
}

/* The newest time of the host's events of this run, or false when none has one. */
static bool newest_now(const struct host *h, int64_t *newest)
{
	size_t i;
	int64_t t;
	bool any = false;

	for (i = 0; i < h->nr_events; i++)
		if (mt_time_epoch(&h->events[i]->time, &t) && (!any || t > *newest))
			*newest = t, any = true;
	return any;
}

/* Whether tonight's model has host @name, by the names the model itself joins. */
static bool in_model(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nr_hosts; i++)
		if (m->hosts[i]->name && host_name_same(m->hosts[i]->name, name))
			return true;
	return false;
}

int history_watched_hosts(struct state *st, struct model *m, const char *only, struct diag *d)
{
	char self[256];
	sqlite3_stmt *q = prepare(st, "SELECT DISTINCT host FROM verdicts WHERE substr(host, 1, 1) != '('"
				  " ORDER BY host", d);
	bool known = false;
	int rc;

	if (!q)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = column_text(q, 0);

		known = true;
		if (name && (!only || host_name_same(name, only)) && !in_model(m, name))
			model_host(m, intern_str(&m->strings, name), 0);
	}
	sqlite3_finalize(q);
	/* a state that never saw a host: the run is this machine's own logs' (cron) */
	if (rc == SQLITE_DONE && !known && !m->nr_hosts) {
		if (only)
			model_host(m, intern_str(&m->strings, only), 0);
		else if (!gethostname(self, sizeof(self)) && (self[sizeof(self) - 1] = '\0', *self))
			model_host(m, intern_str(&m->strings, self), 0);
	}
	return rc == SQLITE_DONE ? 0 : state_db_error(st, d, "read the hosts of the history");
}

int history_load_past(struct state *st, struct model *m, int64_t window_s, struct diag *d)
{
	sqlite3_stmt *q;
	struct strbuf name = STRBUF_INIT;
	size_t i;
	int64_t newest = 0;

	if (window_s <= 0)
		return 0;
	q = prepare(st, "SELECT time, type, victim, victim_pid, trigger, year_guessed FROM events"
		    " WHERE host = ?1 AND time BETWEEN ?2 AND ?3 ORDER BY time", d);
	if (!q)
		return -1;
	for (i = 0; i < m->nr_hosts; i++) {
		struct host *h = m->hosts[i];

		/* only a rule's window back from tonight's newest event: no event, no past */
		if (!h->name || !newest_now(h, &newest))
			continue;
		sqlite3_bind_text(q, 1, host_label(h, &name), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, newest - window_s);
		sqlite3_bind_int64(q, 3, newest);
		while (sqlite3_step(q) == SQLITE_ROW) {
			struct oom_event *e;

			if (known_now(h, sqlite3_column_int64(q, 0), type_named(column_text(q, 1)),
				      sqlite3_column_type(q, 3) == SQLITE_NULL ? MT_UNKNOWN
									 : sqlite3_column_int64(q, 3)) ||
			    !(e = past_event(q)))
				continue;
			ALLOC_GROW(h->past, h->nr_past, h->alloc_past);
			h->past[h->nr_past++] = e;
		}
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	strbuf_release(&name);
	return 0;
}

enum { Q_RUN, Q_VERDICT, Q_EVENT, Q_SEEN, Q_FINDING, Q_NIGHT, Q_REC, Q__COUNT };

static const char *const record_sql[Q__COUNT] = {
	[Q_RUN] = "INSERT INTO runs(at, night, source) VALUES(?, ?, ?)",
	[Q_VERDICT] = "INSERT OR REPLACE INTO verdicts VALUES(?, ?, ?, ?, ?)",
	[Q_EVENT] = "INSERT INTO events VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		    " ON CONFLICT(key) DO UPDATE SET last_seen = excluded.last_seen,"
		    " cause = coalesce(excluded.cause, cause)",
	[Q_SEEN] = "SELECT f.first_seen, (SELECT count(*) FROM nights n WHERE n.host = f.host"
		   " AND n.rule = f.rule AND n.night != ?3) FROM findings f WHERE f.host = ?1 AND f.rule = ?2",
	[Q_FINDING] = "INSERT INTO findings VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(host, rule)"
		      " DO UPDATE SET last_seen = excluded.last_seen, severity = excluded.severity,"
		      " title = excluded.title",
	[Q_NIGHT] = "INSERT OR IGNORE INTO nights VALUES(?, ?, ?)",
	[Q_REC] = "INSERT INTO recommendations VALUES(?, ?, ?, ?, ?) ON CONFLICT(host, rule, what)"
		  " DO UPDATE SET last_seen = excluded.last_seen",
};

struct recorder {
	struct state *st;
	struct diag *d;
	sqlite3_stmt *q[Q__COUNT];
	int64_t now, run;
	const char *night;
	const struct ruleset *rs;
};

/*
 * What pairs guests of one hypervisor host in the fleet's history: the
 * host's name as its capture gives it (esx.host.name, kvm.host.name ...:
 * the same whatever path the capture was read by), else the capture's file.
 * NULL for an event no capture covers.
 */
static const char *hv_key(const struct host *h, const struct oom_event *e, struct strbuf *sb)
{
	const char *hv = e->esx ? "vmware" : e->hv ? e->hv->hypervisor : NULL;
	const struct fact *f;

	if (!hv)
		return NULL;
	strbuf_reset(sb);
	strbuf_addf(sb, "%s.host.name", !strcmp(hv, "vmware") ? "esx" : hv);
	f = fact_get(&h->facts, sb->buf);
	if (f && f->type == FACT_STR && f->s && *f->s)
		return f->s;
	return e->esx ? e->esx->capture : e->hv->source;
}

static int record_events(struct recorder *r, const char *host, const struct host *h,
			 const struct verdict *v)
{
	sqlite3_stmt *q = r->q[Q_EVENT];
	struct strbuf key = STRBUF_INIT, hv = STRBUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < h->nr_events; i++) {
		const struct oom_event *e = h->events[i];
		int kind = i < v->nr_causes ? v->causes[i].kind : -1;
		int64_t t;

		strbuf_reset(&key);
		event_key(&key, host, e);
		sqlite3_bind_text(q, 1, key.buf, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, host, -1, SQLITE_TRANSIENT);
		if (mt_time_epoch(&e->time, &t))
			sqlite3_bind_int64(q, 3, t);
		sqlite3_bind_text(q, 4, oom_type_names[e->type], -1, SQLITE_STATIC);
		bind_text(q, 5, e->victim_comm);
		if (e->victim_pid != MT_UNKNOWN)
			sqlite3_bind_int64(q, 6, e->victim_pid);
		bind_text(q, 7, e->trigger_comm);
		bind_text(q, 8, kind >= 0 ? r->rs->kinds[kind].name : NULL);
		bind_text(q, 9, hv_key(h, e, &hv));
		bind_text(q, 10, e->esx ? e->esx->vm : NULL);
		sqlite3_bind_int64(q, 11, r->now);
		sqlite3_bind_int64(q, 12, r->now);
		sqlite3_bind_int(q, 13, e->time.valid && e->time.year && mt_year_guessed(&e->time));
		ret = step_done(r->st, q, r->d);
	}
	strbuf_release(&key);
	strbuf_release(&hv);
	return ret;
}

/* The finding's history before this run, then this run added to it. */
static int record_finding(struct recorder *r, const char *host, const struct finding *f,
			  struct finding_seen *seen)
{
	sqlite3_stmt *q = r->q[Q_SEEN];

	sqlite3_bind_text(q, 1, host, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, f->rule->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, r->night, -1, SQLITE_STATIC);
	seen->since = r->now;
	if (sqlite3_step(q) == SQLITE_ROW) {
		seen->since = sqlite3_column_int64(q, 0);
		seen->nights = (unsigned)sqlite3_column_int64(q, 1);
		seen->again = seen->nights > 0;
	}
	seen->nights++;
	sqlite3_reset(q);
	q = r->q[Q_FINDING];
	sqlite3_bind_text(q, 1, host, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, f->rule->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, severity_names[f->rule->severity], -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, f->rule->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, r->now);
	sqlite3_bind_int64(q, 6, r->now);
	if (step_done(r->st, q, r->d))
		return -1;
	q = r->q[Q_NIGHT];
	sqlite3_bind_text(q, 1, host, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, f->rule->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, r->night, -1, SQLITE_STATIC);
	return step_done(r->st, q, r->d);
}

static int record_rec(struct recorder *r, const char *host, const char *rule, const char *what)
{
	sqlite3_stmt *q = r->q[Q_REC];

	sqlite3_bind_text(q, 1, host, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, what, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 4, r->now);
	sqlite3_bind_int64(q, 5, r->now);
	return step_done(r->st, q, r->d);
}

static int record_recs(struct recorder *r, const char *host, const struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;
	int ret = 0;

	for (i = 0; !ret && i < v->nr_recs; i++) {
		const struct sysctl_rec *s = &v->recs[i];

		if (s->satisfied)
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s = %s", s->key, s->value ? s->value : "?");
		for (k = 0; !ret && k < s->nr_askers; k++)
			ret = record_rec(r, host, s->askers[k].rule->id, sb.buf);
	}
	for (i = 0; !ret && i < v->nr_actions; i++)
		ret = record_rec(r, host, v->actions[i].rule->id, v->actions[i].action);
	strbuf_release(&sb);
	return ret;
}

static int record_verdict(struct recorder *r, const char *host, const struct host *h,
			  const struct verdict *v)
{
	sqlite3_stmt *q = r->q[Q_VERDICT];

	sqlite3_bind_int64(q, 1, r->run);
	sqlite3_bind_text(q, 2, host, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, v->worst >= 0 ? severity_names[v->worst] : "ok", -1, SQLITE_STATIC);
	bind_text(q, 4, v->host.summary);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)h->nr_events);
	return step_done(r->st, q, r->d);
}

static int record_host(struct recorder *r, const struct host *h, const struct verdict *v,
		       struct finding_seen *seen, long *fresh)
{
	struct strbuf name = STRBUF_INIT;
	const char *host = host_label(h, &name);
	size_t i;
	int ret = record_verdict(r, host, h, v) || record_events(r, host, h, v) ||
		  record_recs(r, host, v);

	for (i = 0; !ret && i < v->nr_findings; i++) {
		ret = record_finding(r, host, &v->findings[i], &seen[i]);
		*fresh += !seen[i].again;
	}
	/* with --state a run's events are the logs' new ones: news, whatever the findings */
	*fresh += (long)h->nr_events;
	strbuf_release(&name);
	return ret ? -1 : 0;
}

void history_seen_free(struct finding_seen **seen, size_t nr_hosts)
{
	size_t i;

	for (i = 0; seen && i < nr_hosts; i++)
		free(seen[i]);
	free(seen);
}

long history_record(struct state *st, const struct model *m, const struct verdict *v,
		    const struct ruleset *rs, int64_t now, const char *source,
		    struct finding_seen ***seen_out, struct diag *d)
{
	struct recorder r = { .st = st, .d = d, .now = now, .rs = rs };
	struct finding_seen **seen = xcalloc(m->nr_hosts + 1, sizeof(*seen));
	struct strbuf night = STRBUF_INIT;
	long fresh = 0;
	size_t i;
	int ret = 0;

	utc_date(&night, now); /* the night a run counts for */
	r.night = night.buf;
	for (i = 0; !ret && i < Q__COUNT; i++)
		ret = (r.q[i] = prepare(st, record_sql[i], d)) ? 0 : -1;
	if (!ret) {
		sqlite3_bind_int64(r.q[Q_RUN], 1, now);
		sqlite3_bind_text(r.q[Q_RUN], 2, night.buf, -1, SQLITE_STATIC);
		bind_text(r.q[Q_RUN], 3, source);
		ret = step_done(st, r.q[Q_RUN], d);
		r.run = sqlite3_last_insert_rowid(st->db);
	}
	for (i = 0; !ret && i < m->nr_hosts; i++) {
		seen[i] = xcalloc(v[i].nr_findings + 1, sizeof(**seen));
		ret = record_host(&r, m->hosts[i], &v[i], seen[i], &fresh);
	}
	for (i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(r.q[i]);
	strbuf_release(&night);
	if (ret) {
		history_seen_free(seen, m->nr_hosts);
		return -1;
	}
	*seen_out = seen;
	return fresh;
}
