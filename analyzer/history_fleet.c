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
 * The kills a check looks at, ordered by @group (the hypervisor host, or the
 * program) then time; each host numbered (hid) for counting hosts in a
 * window.  A year's fleet has some ten thousand: the windows slide over them
 * here, in one pass, where SQL would join each kill with its neighbours.
 */
struct kill {
	char *group, *host;
	int64_t t;
	bool guessed;
	size_t hid;
};

struct kills {
	struct kill *k;
	size_t nr, alloc;
	char **hosts;                /* sorted, each once: hid is the index */
	size_t nr_hosts;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* @q's rows (group, host, time, year_guessed) into @ks; 0, or -1 said to @d */
static int load_kills(struct state *st, sqlite3_stmt *q, struct kills *ks, struct diag *d)
{
	size_t i, n = 0;
	int rc;

	memset(ks, 0, sizeof(*ks));
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct kill *k;

		ALLOC_GROW(ks->k, ks->nr, ks->alloc);
		k = &ks->k[ks->nr++];
		k->group = xstrdup((const char *)sqlite3_column_text(q, 0));
		k->host = xstrdup((const char *)sqlite3_column_text(q, 1));
		k->t = sqlite3_column_int64(q, 2);
		k->guessed = sqlite3_column_int(q, 3);
	}
	ks->hosts = xcalloc(ks->nr + 1, sizeof(*ks->hosts));
	for (i = 0; i < ks->nr; i++)
		ks->hosts[i] = ks->k[i].host;
	qsort(ks->hosts, ks->nr, sizeof(*ks->hosts), cmp_str);
	for (i = 0; i < ks->nr; i++)
		if (!n || strcmp(ks->hosts[n - 1], ks->hosts[i]))
			ks->hosts[n++] = ks->hosts[i];
	ks->nr_hosts = n;
	for (i = 0; i < ks->nr; i++) {
		char **at = bsearch(&ks->k[i].host, ks->hosts, n, sizeof(*ks->hosts), cmp_str);

		ks->k[i].hid = (size_t)(at - ks->hosts);
	}
	return history_rows_done(st, q, rc, d);
}

static void kills_release(struct kills *ks)
{
	size_t i;

	for (i = 0; i < ks->nr; i++)
		free(ks->k[i].group), free(ks->k[i].host);
	free(ks->k);
	free(ks->hosts);
}

/*
 * Each kill with the hypervisor host its guest ran on: the capture's host its
 * own run paired it with (events.capture), else one a capture given to
 * --import paired its guest with (the guests table), by the host's name or
 * its short name, when the kill is within the capture's time (and ?4, the
 * rule's minutes).
 */
static const char kills_on_hv_sql[] =
	"SELECT hv, host, time, year_guessed FROM (SELECT e.host, e.time, e.year_guessed,"
	" coalesce(e.capture, (SELECT g.hv_host FROM guests g"
	" WHERE (lower(g.guest) = lower(e.host) OR lower(substr(e.host, 1, length(g.guest) + 1)) = lower(g.guest) || '.'"
	" OR lower(substr(g.guest, 1, length(e.host) + 1)) = lower(e.host) || '.')"
	" AND (g.first IS NULL OR e.time BETWEEN g.first - ?4 AND g.last + ?4) ORDER BY g.hv_host LIMIT 1)) AS hv"
	" FROM events e WHERE e.type = 'oom_kill' AND e.time IS NOT NULL AND e.time >= ?2)"
	" WHERE hv IS NOT NULL ORDER BY hv, time, host";

/* The most pairs of guests a check reports: the first in time. */
#define FLEET_MAX_PAIRS 100

struct pair {
	const struct kill *a, *b;
};

static int cmp_pair(const void *x, const void *y)
{
	const struct pair *p = x, *q = y;

	if (p->a->t != q->a->t)
		return p->a->t < q->a->t ? -1 : 1;
	if (p->b->t != q->b->t)
		return p->b->t < q->b->t ? -1 : 1;
	return strcmp(p->a->host, q->a->host) ? strcmp(p->a->host, q->a->host) : strcmp(p->b->host, q->b->host);
}

/* Pairs of guests of one hypervisor host killed within the rule's minutes, oldest first. */
static int guests_together(struct state *st, const struct history_query *hq, const struct rule *r,
			   struct fleet_hit **hits, size_t *nr, size_t *alloc, struct diag *d)
{
	struct pair *pairs = NULL;
	size_t nr_pairs = 0, alloc_pairs = 0, i, j;
	struct kills ks;
	double minutes;
	int64_t span;
	sqlite3_stmt *q;

	if (!param_num(r, "minutes", &minutes, d))
		return -1;
	if (!(q = history_prepare(st, kills_on_hv_sql, hq, d)))
		return -1;
	span = (int64_t)(minutes * 60);
	sqlite3_bind_int64(q, 4, span);
	if (load_kills(st, q, &ks, d)) {
		kills_release(&ks);
		return -1;
	}
	/* each pair once, the earlier kill first; with --host, the host's against every other's */
	for (i = 0; i < ks.nr; i++)
		for (j = i + 1; j < ks.nr && !strcmp(ks.k[j].group, ks.k[i].group) && ks.k[j].t - ks.k[i].t <= span; j++) {
			if (ks.k[j].hid == ks.k[i].hid ||
			    (hq->host && strcmp(ks.k[i].host, hq->host) && strcmp(ks.k[j].host, hq->host)))
				continue;
			ALLOC_GROW(pairs, nr_pairs, alloc_pairs);
			pairs[nr_pairs].a = &ks.k[i];
			pairs[nr_pairs++].b = &ks.k[j];
		}
	if (nr_pairs)
		qsort(pairs, nr_pairs, sizeof(*pairs), cmp_pair);
	for (i = 0; i < nr_pairs && i < FLEET_MAX_PAIRS; i++) {
		struct strbuf sb = STRBUF_INIT;
		const struct kill *a = pairs[i].a, *b = pairs[i].b;

		strbuf_addf(&sb, "%s at ", a->host);
		history_time(&sb, a->t, a->guessed);
		strbuf_addf(&sb, " and %s at ", b->host);
		history_time(&sb, b->t, b->guessed);
		strbuf_addf(&sb, " (%lld s apart), both guests of %s", (long long)(b->t - a->t), a->group);
		add_hit(hits, nr, alloc, r, &sb);
	}
	free(pairs);
	kills_release(&ks);
	return 0;
}

static const char kills_by_program_sql[] =
	"SELECT victim, host, time, year_guessed FROM events"
	" WHERE type = 'oom_kill' AND victim IS NOT NULL AND time >= ?2"
	" AND (?1 IS NULL OR victim IN (SELECT victim FROM events WHERE host = ?1))"
	" ORDER BY victim, time, host";

/* The most programs a check reports, those on the most hosts first. */
#define FLEET_MAX_PROGRAMS 50

struct window {
	size_t from, to;             /* kills [from, to) of one program */
	size_t hosts;
};

static int cmp_window(const void *x, const void *y, void *arg)
{
	const struct window *p = x, *q = y;
	const struct kills *ks = arg;

	if (p->hosts != q->hosts)
		return p->hosts > q->hosts ? -1 : 1;
	return strcmp(ks->k[p->from].group, ks->k[q->from].group);
}

/* "app01,app02 and 3 more": the hosts of @w in the order of their first kill in it */
static void window_hosts(struct strbuf *sb, const struct kills *ks, const struct window *w, bool *seen)
{
	size_t i, named = 0;

	for (i = w->from; i < w->to; i++) {
		if (seen[ks->k[i].hid])
			continue;
		seen[ks->k[i].hid] = true;
		if (named++ < FLEET_NAMED_HOSTS)
			strbuf_addf(sb, "%s%s", named > 1 ? "," : "", ks->k[i].host);
	}
	for (i = w->from; i < w->to; i++)
		seen[ks->k[i].hid] = false;
	if (named > FLEET_NAMED_HOSTS)
		strbuf_addf(sb, " and %zu more", named - FLEET_NAMED_HOSTS);
}

/*
 * Programs killed on at least the rule's hosts within its days: the window
 * slides over the kills (each kill the start of one), and each program's
 * window of the most hosts is the finding, the earliest of equals.
 */
static int same_program(struct state *st, const struct history_query *hq, const struct rule *r,
			struct fleet_hit **hits, size_t *nr, size_t *alloc, struct diag *d)
{
	struct window *found = NULL;
	size_t nr_found = 0, alloc_found = 0, i, end, from, distinct;
	size_t *count;
	bool *seen;
	struct kills ks;
	double hosts, days;
	int64_t span;
	sqlite3_stmt *q;

	if (!param_num(r, "hosts", &hosts, d) || !param_num(r, "days", &days, d))
		return -1;
	if (!(q = history_prepare(st, kills_by_program_sql, hq, d)))
		return -1;
	if (load_kills(st, q, &ks, d)) {
		kills_release(&ks);
		return -1;
	}
	span = (int64_t)(days * 86400);
	count = xcalloc(ks.nr_hosts + 1, sizeof(*count));
	seen = xcalloc(ks.nr_hosts + 1, sizeof(*seen));
	for (from = 0; from < ks.nr; from = end) {
		struct window best = { 0 };
		size_t to = from;

		for (end = from; end < ks.nr && !strcmp(ks.k[end].group, ks.k[from].group); end++)
			;
		/* [i, to): the kills within span of kill i; distinct, its hosts */
		for (i = from, distinct = 0; i < end; i++) {
			for (; to < end && ks.k[to].t - ks.k[i].t <= span; to++)
				distinct += !count[ks.k[to].hid]++;
			if (distinct > best.hosts)
				best = (struct window){ i, to, distinct };
			distinct -= !--count[ks.k[i].hid];
		}
		if (best.hosts >= (size_t)hosts) {
			ALLOC_GROW(found, nr_found, alloc_found);
			found[nr_found++] = best;
		}
	}
	if (nr_found)
		qsort_r(found, nr_found, sizeof(*found), cmp_window, &ks);
	for (i = 0; i < nr_found && i < FLEET_MAX_PROGRAMS; i++) {
		struct strbuf sb = STRBUF_INIT;
		const struct kill *k = &ks.k[found[i].from];

		strbuf_addf(&sb, "%s killed on %zu hosts within %g days from ", k->group, found[i].hosts, days);
		history_time(&sb, k->t, k->guessed);
		strbuf_addstr(&sb, ": ");
		window_hosts(&sb, &ks, &found[i], seen);
		add_hit(hits, nr, alloc, r, &sb);
	}
	free(found);
	free(count);
	free(seen);
	kills_release(&ks);
	return 0;
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
