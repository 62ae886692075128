/*
 * The fleet findings of `memtriage history`: the rules of rules/fleet/, each
 * a `check:` that names one of the queries below over every host's events,
 * with the rule's params as its thresholds.
 */
#include "history.h"
#include "util/xalloc.h"

/* The most hosts a finding names; the rest are counted. */
#define FLEET_NAMED_HOSTS 5

static bool param_num(const struct rule *r, const char *name, double *out, struct diag *d)
{
	const struct rvalue *v = rule_param(r, name);

	if (!v || v->kind != RV_NUM || v->num <= 0) {
		diag_error(d, r->when->loc.file, r->when->loc.line,
			   "fleet rule %s needs a positive number as its param '%s'", r->id, name);
		return false;
	}
	*out = v->num;
	return true;
}

static void add_hit(struct fleet_hit **hits, size_t *nr, size_t *alloc, const struct rule *r,
		    struct strbuf *text)
{
	ALLOC_GROW(*hits, *nr, *alloc);
	(*hits)[*nr].rule = r;
	(*hits)[(*nr)++].text = strbuf_detach(text);
}

/*
 * Each kill with the hypervisor host its guest ran on: the capture's host its
 * own run paired it with (events.capture), else one a capture given to
 * --import paired its guest with (the guests table), by the host's name or
 * its short name, when the kill is within the capture's time (and ?4, the
 * rule's minutes).
 */
#define KILLS_ON_HV_HOSTS \
	"WITH k AS MATERIALIZED (SELECT e.host, e.time, e.year_guessed, coalesce(e.capture, (SELECT g.hv_host FROM guests g" \
	" WHERE (lower(g.guest) = lower(e.host) OR lower(substr(e.host, 1, length(g.guest) + 1)) = lower(g.guest) || '.'" \
	" OR lower(substr(g.guest, 1, length(e.host) + 1)) = lower(e.host) || '.')" \
	" AND (g.first IS NULL OR e.time BETWEEN g.first - ?4 AND g.last + ?4) ORDER BY g.hv_host LIMIT 1)) AS hv" \
	" FROM events e WHERE e.type = 'oom_kill' AND e.time IS NOT NULL), g AS MATERIALIZED" \
	" (SELECT * FROM k WHERE hv IS NOT NULL) "

/* Pairs of guests of one hypervisor host killed within the rule's minutes, oldest first. */
static int guests_together(struct state *st, const struct history_query *hq, const struct rule *r,
			   struct fleet_hit **hits, size_t *nr, size_t *alloc, struct diag *d)
{
	/* each pair once; with --host, the host's kills against every other host's */
	static const char sql_all[] = KILLS_ON_HV_HOSTS
		"SELECT a.hv, a.host, a.time, b.host, b.time, a.year_guessed, b.year_guessed FROM g a JOIN g b"
		" ON b.hv = a.hv AND b.host > a.host AND b.time BETWEEN a.time - ?4 AND a.time + ?4"
		" WHERE a.time >= ?2 AND ?1 IS NULL ORDER BY a.time, b.time LIMIT 100";
	static const char sql_host[] = KILLS_ON_HV_HOSTS
		"SELECT a.hv, a.host, a.time, b.host, b.time, a.year_guessed, b.year_guessed FROM g a JOIN g b"
		" ON b.hv = a.hv AND b.host != a.host AND b.time BETWEEN a.time - ?4 AND a.time + ?4"
		" WHERE a.host = ?1 AND a.time >= ?2 ORDER BY a.time, b.time LIMIT 100";
	const char *sql = hq->host ? sql_host : sql_all;
	double minutes;
	sqlite3_stmt *q;
	int rc;

	if (!param_num(r, "minutes", &minutes, d))
		return -1;
	if (!(q = history_prepare(st, sql, hq, d)))
		return -1;
	sqlite3_bind_int64(q, 4, (int64_t)(minutes * 60));
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct strbuf sb = STRBUF_INIT;
		int64_t ta = sqlite3_column_int64(q, 2), tb = sqlite3_column_int64(q, 4);
		int a = ta <= tb ? 1 : 3, b = 4 - a; /* the pair in the order of their kills */

		strbuf_addf(&sb, "%s at ", (const char *)sqlite3_column_text(q, a));
		history_time(&sb, sqlite3_column_int64(q, a + 1), sqlite3_column_int(q, a == 1 ? 5 : 6));
		strbuf_addf(&sb, " and %s at ", (const char *)sqlite3_column_text(q, b));
		history_time(&sb, sqlite3_column_int64(q, b + 1), sqlite3_column_int(q, b == 1 ? 5 : 6));
		strbuf_addf(&sb, " (%lld s apart), both guests of %s", (long long)(tb > ta ? tb - ta : ta - tb),
			    (const char *)sqlite3_column_text(q, 0));
		add_hit(hits, nr, alloc, r, &sb);
	}
	return history_rows_done(st, q, rc, d);
}

/*
 * Programs killed on at least the rule's hosts within its days: the window
 * slides over the kills (each kill the start of one), and each program's
 * window of the most hosts is the finding, the earliest of equals.
 */
static int same_program(struct state *st, const struct history_query *hq, const struct rule *r,
			struct fleet_hit **hits, size_t *nr, size_t *alloc, struct diag *d)
{
	static const char sql[] =
		"WITH w AS (SELECT a.victim, a.time AS start, a.year_guessed AS guessed, count(DISTINCT b.host) AS n,"
		" group_concat(DISTINCT b.host) AS names FROM events a JOIN events b"
		" ON b.type = 'oom_kill' AND b.victim = a.victim AND b.time BETWEEN a.time AND a.time + ?4"
		" WHERE a.type = 'oom_kill' AND a.victim IS NOT NULL AND a.time >= ?2"
		" AND (?1 IS NULL OR a.victim IN (SELECT victim FROM events WHERE host = ?1))"
		" GROUP BY a.victim, a.time HAVING n >= ?5),"
		" best AS (SELECT *, row_number() OVER (PARTITION BY victim ORDER BY n DESC, start) AS r FROM w)"
		" SELECT victim, n, names, start, guessed FROM best WHERE r = 1 ORDER BY n DESC, victim LIMIT 50";
	double hosts, days;
	sqlite3_stmt *q;
	int rc;

	if (!param_num(r, "hosts", &hosts, d) || !param_num(r, "days", &days, d))
		return -1;
	if (!(q = history_prepare(st, sql, hq, d)))
		return -1;
	sqlite3_bind_int64(q, 4, (int64_t)(days * 86400));
	sqlite3_bind_int64(q, 5, (int64_t)hosts);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct strbuf sb = STRBUF_INIT;
		const char *names = (const char *)sqlite3_column_text(q, 2), *p = names;
		int64_t n = sqlite3_column_int64(q, 1);
		unsigned k;

		/* group_concat joins with ","; the first few are named */
		for (k = 0; p && k < FLEET_NAMED_HOSTS && (p = strchr(p, ',')); k++)
			p++;
		strbuf_addf(&sb, "%s killed on %lld hosts within %g days from ", (const char *)sqlite3_column_text(q, 0),
			    (long long)n, days);
		history_time(&sb, sqlite3_column_int64(q, 3), sqlite3_column_int(q, 4));
		strbuf_addstr(&sb, ": ");
		if (p && n > FLEET_NAMED_HOSTS) {
			strbuf_add(&sb, names, (size_t)(p - 1 - names));
			strbuf_addf(&sb, " and %lld more", (long long)(n - FLEET_NAMED_HOSTS));
		} else {
			strbuf_addstr(&sb, names ? names : "");
		}
		add_hit(hits, nr, alloc, r, &sb);
	}
	return history_rows_done(st, q, rc, d);
}

static const struct {
	const char *check;
	int (*judge)(struct state *, const struct history_query *, const struct rule *,
		     struct fleet_hit **, size_t *, size_t *, struct diag *);
} fleet_checks[] = {
	{ "fleet-guests-killed-together", guests_together },
	{ "fleet-same-program", same_program },
};

int fleet_findings(struct state *st, const struct history_query *hq, const struct ruleset *rs,
		   struct fleet_hit **hits, size_t *nr, struct diag *d)
{
	size_t i, k, alloc = 0;
	int ret = 0;

	*hits = NULL;
	*nr = 0;
	for (i = 0; !ret && i < rs->nr; i++) {
		const struct rule *r = &rs->rules[i];

		if (r->disabled || !r->when || r->when->kind != C_CHECK)
			continue;
		for (k = 0; k < ARRAY_SIZE(fleet_checks); k++)
			if (!strcmp(r->when->check, fleet_checks[k].check))
				ret = fleet_checks[k].judge(st, hq, r, hits, nr, &alloc, d);
	}
	return ret;
}

void fleet_hits_free(struct fleet_hit *hits, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(hits[i].text);
	free(hits);
}
