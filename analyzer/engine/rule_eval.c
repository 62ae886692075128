/*
 * Evaluating rules on a host: each condition says whether it holds and
 * adds the places that make it hold to the finding's evidence.
 */
#include "engine/event_fields.h"
#include "engine/template.h"
#include "engine/verdict.h"
#include "sources/catalog.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <math.h>

struct eval {
	const struct rule *rule;
	const struct ruleset *rs;
	struct host *h;
	struct finding *f;           /* evidence goes here; NULL under "not" */
	const struct verdict *v;     /* the causes found so far, for "cause" and "causes" */
};

/*
 * Evidence and details are appended as they come; the same event can come
 * through several branches of an "any", and each is kept once, where it
 * first came, when the finding is done (dedupe_finding).
 */
static void add_evidence(struct eval *ev, struct src_loc loc)
{
	struct finding *f = ev->f;

	if (!f || !loc.file)
		return;
	ALLOC_GROW(f->evidence, f->nr_evidence, f->alloc_evidence);
	f->evidence[f->nr_evidence++] = loc;
}

/* An event the finding rests on: its first line is evidence, and it gets the rule's cause. */
static void add_hit(struct eval *ev, size_t event)
{
	struct finding *f = ev->f;

	if (!f)
		return;
	add_evidence(ev, ev->h->events[event]->src);
	ALLOC_GROW(f->hits, f->nr_hits, f->alloc_hits);
	f->hits[f->nr_hits++] = event;
}

/* A detail of event @event (-1: none), the rule's own words from @words on. */
static void add_detail_of(struct eval *ev, struct strbuf *sb, long event, size_t words)
{
	struct finding *f = ev->f;
	size_t alloc = f ? f->alloc_details : 0;

	if (!f) {
		strbuf_release(sb);
		return;
	}
	ALLOC_GROW(f->details, f->nr_details, f->alloc_details);
	if (alloc != f->alloc_details)
		f->detail_refs = xrealloc(f->detail_refs, f->alloc_details * sizeof(*f->detail_refs));
	f->detail_refs[f->nr_details].event = event;
	f->detail_refs[f->nr_details].words = words;
	f->details[f->nr_details++] = strbuf_detach(sb);
}

static void add_detail(struct eval *ev, struct strbuf *sb)
{
	add_detail_of(ev, sb, -1, sb->len);
}

static int cmp_loc(const void *x, const void *y)
{
	const struct src_loc *a = *(const struct src_loc *const *)x, *b = *(const struct src_loc *const *)y;

	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return (a > b) - (a < b); /* the first one first */
}

static int cmp_detail(const void *x, const void *y)
{
	char *const *a = *(char *const *const *)x, *const *b = *(char *const *const *)y;
	int c = strcmp(*a, *b);

	return c ? c : (a > b) - (a < b);
}

static bool same_loc(const void *x, const void *y)
{
	const struct src_loc *a = x, *b = y;

	return a->file == b->file && a->line == b->line;
}

static bool same_detail(const void *x, const void *y)
{
	return !strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * Mark in @drop the elements of @base (@n of @size bytes) equal to an
 * earlier one; @cmp orders pointers to them by value, then by place.
 * Sorted once, not compared pair by pair: a host can have thousands of
 * events.
 */
static void mark_repeats(const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *),
			 bool (*same)(const void *, const void *), bool *drop)
{
	const char **at = xcalloc(n ? n : 1, sizeof(*at));
	size_t i;

	for (i = 0; i < n; i++)
		at[i] = (const char *)base + i * size;
	qsort(at, n, sizeof(*at), cmp);
	for (i = 1; i < n; i++)
		if (same(at[i - 1], at[i]))
			drop[(size_t)(at[i] - (const char *)base) / size] = true;
	free(at);
}

/* Each piece of evidence and each detail once, in the order they first came. */
static void dedupe_finding(struct finding *f)
{
	size_t n = f->nr_evidence > f->nr_details ? f->nr_evidence : f->nr_details, i, out;
	bool *drop = xcalloc(n ? n : 1, sizeof(*drop));

	mark_repeats(f->evidence, f->nr_evidence, sizeof(*f->evidence), cmp_loc, same_loc, drop);
	for (i = out = 0; i < f->nr_evidence; i++)
		if (!drop[i])
			f->evidence[out++] = f->evidence[i];
	f->nr_evidence = out;
	memset(drop, 0, n * sizeof(*drop));
	mark_repeats(f->details, f->nr_details, sizeof(*f->details), cmp_detail, same_detail, drop);
	for (i = out = 0; i < f->nr_details; i++) {
		if (drop[i]) {
			free(f->details[i]);
			continue;
		}
		f->detail_refs[out] = f->detail_refs[i];
		f->details[out++] = f->details[i];
	}
	f->nr_details = out;
	free(drop);
}

/* ---- comparing values ------------------------------------------------------ */

static const struct rvalue *resolve(const struct eval *ev, const struct rvalue *v)
{
	return v->kind == RV_PARAM ? rule_param(ev->rule, v->str) : v;
}

static bool cmp_num(enum cmp_op op, double x, double y)
{
	switch (op) {
	case OP_EQ: return fabs(x - y) < 1e-9;
	case OP_NE: return fabs(x - y) >= 1e-9;
	case OP_LT: return x < y;
	case OP_LE: return x <= y;
	case OP_GT: return x > y;
	case OP_GE: return x >= y;
	default: return false;
	}
}

static bool cmp_str(enum cmp_op op, const char *x, const char *y)
{
	int c = strcmp(x, y);

	switch (op) {
	case OP_EQ: return !c;
	case OP_NE: return c;
	default: return false;
	}
}

static bool regex_match(pcre2_code *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int r = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);

	pcre2_match_data_free(md);
	return r >= 0;
}

/* A number in @unit ("kB", "pages", "bytes", "MB", "") as kB, for a size to compare with. */
static double as_kb(double x, const char *unit)
{
	if (!strcmp(unit, "pages"))
		return x * 4;
	if (!strcmp(unit, "bytes"))
		return x / 1024;
	if (!strcmp(unit, "MB"))
		return x * 1024;
	return x;
}

/* One test on a value that is a number (with its unit) or a string. */
static bool test_value(const struct eval *ev, const struct test *t, bool is_num, double x,
		       const char *unit, const char *s)
{
	const struct rvalue *v = resolve(ev, &t->v);
	size_t i;

	if (t->op == OP_MATCHES)
		return s && regex_match(t->re, s, strlen(s));
	if (t->op == OP_IN) {
		for (i = 0; i < t->nr_list; i++) {
			const struct rvalue *w = resolve(ev, &t->list[i]);

			if (w && ((is_num && w->kind == RV_NUM && cmp_num(OP_EQ, x, w->num)) ||
				  (s && w->str && !strcmp(s, w->str))))
				return true;
		}
		return false;
	}
	if (!v)
		return false;
	if (t->op == OP_CONTAINS)
		return s && v->str && strstr(s, v->str);
	if (is_num && v->kind == RV_NUM)
		return cmp_num(t->op, v->unit == RU_SIZE ? as_kb(x, unit) : x, v->num);
	if (s && v->str)
		return cmp_str(t->op, s, v->str);
	return false;
}

static bool test_all(const struct eval *ev, const struct tests *ts, bool is_num, double x,
		     const char *unit, const char *s)
{
	size_t i;

	for (i = 0; i < ts->nr; i++) {
		if (ts->items[i].op == OP_EXISTS)
			continue; /* the caller knows the value exists */
		if (!test_value(ev, &ts->items[i], is_num, x, unit, s))
			return false;
	}
	return true;
}

/* "exists: false" asks for absence; any other test needs the value. */
static int wants_absent(const struct tests *ts)
{
	size_t i;

	for (i = 0; i < ts->nr; i++)
		if (ts->items[i].op == OP_EXISTS)
			return ts->items[i].v.num == 0;
	return -1;
}

static bool test_fact(const struct eval *ev, const struct tests *ts, const struct fact *f)
{
	int absent = wants_absent(ts);

	if (!f)
		return absent == 1;
	if (absent == 1)
		return false;
	if (f->type == FACT_INT) {
		struct strbuf num = STRBUF_INIT;
		bool ok;

		fact_value_str(f, &num); /* for matches and contains */
		ok = test_all(ev, ts, true, (double)f->i, f->unit, num.buf);
		strbuf_release(&num);
		return ok;
	}
	{
		struct rvalue rv;
		bool ok;

		rvalue_parse(f->s, &rv);
		ok = test_all(ev, ts, rv.kind == RV_NUM, rv.num, f->unit, f->s);
		free(rv.str);
		return ok;
	}
}

/* ---- the host's kernel ------------------------------------------------------ */

static int64_t host_kernel_code(const struct host *h, struct src_loc *where)
{
	const struct fact *f = fact_get(&h->facts, "kernel.version_code");
	size_t i;

	if (f && f->type == FACT_INT) {
		*where = f->src;
		return f->i;
	}
	if (h->kernel) {
		for (i = 0; i < h->nr_events; i++)
			if (h->events[i]->kernel) {
				*where = h->events[i]->src;
				break;
			}
		return version_code_of(h->kernel);
	}
	return -1;
}

static bool kernel_ok(const struct eval *ev, const struct tests *ts, int64_t code)
{
	size_t i;

	for (i = 0; i < ts->nr; i++) {
		const struct test *t = &ts->items[i];
		const struct rvalue *v = resolve(ev, &t->v);
		int64_t want = v && v->str ? version_code_of(v->str) : -1;

		if (want < 0 || !cmp_num(t->op, (double)code, (double)want))
			return false;
	}
	return true;
}

/* ---- conditions -------------------------------------------------------------- */

static bool eval_cond(struct eval *ev, const struct cond *c);

/*
 * "cause" and "causes" are the engine's own fields: what the rules that name
 * causes found for event @idx (they run first, so the others can test them).
 * An event has no primary cause yet while those rules run (one of them may
 * test it too), nor ever when the vocabulary has no "unknown": then "cause"
 * is a field the event does not give.
 */
static bool cause_field(const struct eval *ev, size_t idx, const char *name, struct fval *fv,
			const char **names)
{
	const struct event_cause *c;
	size_t k, n = 0;

	if (strcmp(name, "cause") && strcmp(name, "causes"))
		return false;
	memset(fv, 0, sizeof(*fv));
	if (!ev->v->causes)
		return true;
	c = &ev->v->causes[idx];
	if (!strcmp(name, "cause")) {
		if (c->kind < 0)
			return true;
		fv->kind = FV_STR;
		fv->str = ev->rs->kinds[c->kind].name;
		return true;
	}
	for (k = 0; k < ev->rs->nr_kinds && k < 64; k++)
		if (c->held >> k & 1)
			names[n++] = ev->rs->kinds[k].name;
	fv->kind = FV_LIST;
	fv->list = names;
	fv->nr = n;
	return true;
}

/* @idx: the event's index in the host's events; PAST_EVENT for one of an earlier run */
#define PAST_EVENT SIZE_MAX

static bool event_matches(struct eval *ev, const struct cond *c, const struct oom_event *e,
			  size_t idx)
{
	const char *names[64];
	size_t i, k;

	for (i = 0; c->nr_words && i < c->nr_words; i++)
		if (!strcmp(c->words[i], oom_type_names[e->type]))
			break;
	if (c->nr_words && i == c->nr_words)
		return false;
	for (i = 0; i < c->nr_where; i++) {
		const struct event_where *w = &c->where[i];
		struct fval fv;
		bool ok = false;

		/* an earlier run's cause is not judged again: a field it does not give */
		if (idx == PAST_EVENT && (!strcmp(w->field, "cause") || !strcmp(w->field, "causes")))
			memset(&fv, 0, sizeof(fv));
		else if (!cause_field(ev, idx, w->field, &fv, names))
			event_field_get(e, w->field, &fv);
		if (fv.kind == FV_LIST) {
			/* a call trace holds when one of its functions passes every test */
			for (k = 0; k < fv.nr && !ok; k++) {
				const struct tests *ts = &w->tests;
				size_t j;

				ok = true;
				for (j = 0; j < ts->nr && ok; j++) {
					const struct test *t = &ts->items[j];
					const struct rvalue *v = resolve(ev, &t->v);

					if (t->op == OP_CONTAINS || t->op == OP_EQ)
						ok = v && v->str && !strcmp(fv.list[k], v->str);
					else
						ok = test_value(ev, t, false, 0, "", fv.list[k]);
				}
			}
		} else if (fv.kind == FV_NONE) {
			ok = wants_absent(&w->tests) == 1;
		} else {
			ok = wants_absent(&w->tests) != 1 &&
			     test_all(ev, &w->tests, fv.kind == FV_NUM, fv.num, "kB", fv.str);
		}
		if (!ok)
			return false;
	}
	return true;
}

static bool count_ok(struct eval *ev, const struct tests *ts, double n)
{
	return ts->nr ? test_all(ev, ts, true, n, "", NULL) : n >= 1;
}

static bool fval_same(const struct fval *a, const struct fval *b)
{
	return (a->kind == FV_STR && b->kind == FV_STR && !strcmp(a->str, b->str)) ||
	       (a->kind == FV_NUM && b->kind == FV_NUM && a->num == b->num);
}

static int cmp_fval(const void *x, const void *y)
{
	const struct fval *a = *(const struct fval *const *)x, *b = *(const struct fval *const *)y;

	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if (a->kind == FV_STR)
		return strcmp(a->str, b->str);
	return (a->num > b->num) - (a->num < b->num);
}

/*
 * The largest group of the events hit with an equal value (@vals, one per
 * event): its size, and in *at its first event (of the first group, on a
 * tie).  Sorted once, not compared pair by pair: a central log can hold
 * thousands of events of one host.
 */
static size_t largest_group(const struct fval *vals, const bool *hit, size_t n, size_t *at)
{
	const struct fval **sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	size_t m = 0, best = 0, i, j;

	*at = 0;
	for (i = 0; i < n; i++) {
		const struct fval *v = &vals[i];

		if (hit[i] && (v->kind == FV_STR || (v->kind == FV_NUM && v->num == v->num)))
			sorted[m++] = v;
	}
	qsort(sorted, m, sizeof(*sorted), cmp_fval);
	for (i = 0; i < m; i = j) {
		size_t first = (size_t)(sorted[i] - vals);

		for (j = i + 1; j < m && fval_same(sorted[i], sorted[j]); j++)
			if ((size_t)(sorted[j] - vals) < first)
				first = (size_t)(sorted[j] - vals);
		if (j - i > best || (j - i == best && first < *at))
			best = j - i, *at = first;
	}
	free(sorted);
	return best;
}

/*
 * The events a condition looks at: the host's, then with `within:` those of
 * earlier runs (the --state history) no further back than the window from the
 * newest of this run's; without an event of this run none of them.  Returns
 * how many; *nr_now of them are this run's.
 */
static size_t events_seen(const struct host *h, const struct cond *c,
			  const struct oom_event ***out, size_t *nr_now)
{
	const struct oom_event **all = xcalloc(h->nr_events + h->nr_past + 1, sizeof(*all));
	bool looks_back = c->within_s && h->nr_past; /* the newest event is needed only then */
	int64_t newest = INT64_MIN, t;
	size_t i, n = 0;

	for (i = 0; i < h->nr_events; i++) {
		all[n++] = h->events[i];
		if (looks_back && mt_time_epoch(&h->events[i]->time, &t) && t > newest)
			newest = t;
	}
	*nr_now = n;
	for (i = 0; c->within_s && newest != INT64_MIN && i < h->nr_past; i++)
		if (mt_time_epoch(&h->past[i]->time, &t) && t <= newest && newest - t <= c->within_s)
			all[n++] = h->past[i];
	*out = all;
	return n;
}

/* The finding's line for one event: this run's by its number, an earlier run's by its time. */
static void add_event_detail(struct eval *ev, const struct oom_event *e, size_t i, bool past)
{
	struct strbuf sb = STRBUF_INIT;
	size_t words;

	if (past) {
		strbuf_addf(&sb, "%s at ", oom_type_names[e->type]);
		mt_time_format(&e->time, &sb);
		strbuf_addstr(&sb, " (an earlier run)");
	} else {
		strbuf_addf(&sb, "%s at %s:%u", oom_type_names[e->type], e->src.file, e->src.line);
	}
	if (e->victim_comm)
		strbuf_addf(&sb, ", killed %s (pid %lld)", e->victim_comm, (long long)e->victim_pid);
	else if (e->trigger_comm)
		strbuf_addf(&sb, ", %s", e->trigger_comm);
	words = sb.len;
	if (!past && ev->rule->cause < 0 && ev->rule->summary) {
		struct template_env env = { .e = e, .rule = ev->rule, .ctx = { -1, 0 } };

		strbuf_addstr(&sb, ": ");
		words = sb.len;
		template_expand(&sb, ev->rule->summary, &env);
	}
	add_detail_of(ev, &sb, past ? -1 : (long)i, words);
}

/*
 * The past is evidence only beside this run's events: an earlier run's hit
 * counts when one of this run's hits too (with `same`, one of equal value),
 * so a finding never rests on the past alone.
 */
static void drop_past_alone(bool *hit, const struct fval *vals, size_t nr, size_t nr_now)
{
	size_t i, j;
	bool any_now = false;

	for (j = 0; j < nr_now; j++)
		any_now |= hit[j];
	for (i = nr_now; i < nr; i++) {
		bool kept = any_now && !vals;

		for (j = 0; vals && hit[i] && !kept && j < nr_now; j++)
			kept = hit[j] && fval_same(&vals[i], &vals[j]);
		hit[i] = hit[i] && kept;
	}
}

static bool eval_events(struct eval *ev, const struct cond *c)
{
	const struct oom_event **seen;
	size_t nr_now, nr = events_seen(ev->h, c, &seen, &nr_now), i, n = 0, best_at = 0;
	bool *hit = xcalloc(nr + 1, sizeof(*hit));
	struct fval *vals = c->same ? xcalloc(nr + 1, sizeof(*vals)) : NULL;
	bool ok;

	for (i = 0; i < nr; i++) {
		n += hit[i] = event_matches(ev, c, seen[i], i < nr_now ? i : PAST_EVENT);
		if (hit[i] && c->same)
			event_field_get(seen[i], c->same, &vals[i]);
	}
	drop_past_alone(hit, vals, nr, nr_now);
	if (c->same)
		n = largest_group(vals, hit, nr, &best_at);
	else
		for (n = 0, i = 0; i < nr; i++)
			n += hit[i];
	ok = count_ok(ev, &c->tests, (double)n);
	for (i = 0; ok && i < nr; i++) {
		if (!hit[i] || (c->same && !fval_same(&vals[best_at], &vals[i])))
			continue;
		if (i < nr_now)
			add_hit(ev, i);
		add_event_detail(ev, seen[i], i, i >= nr_now);
	}
	free(vals);
	free(hit);
	free(seen);
	return ok;
}

static bool eval_log(struct eval *ev, const struct cond *c)
{
	const struct log_hit *hit = c->log_index < ev->h->nr_log_hits ? &ev->h->log_hits[c->log_index] : NULL;
	unsigned n = hit ? hit->count : 0, i;
	bool ok = count_ok(ev, &c->tests, n);

	for (i = 0; ok && hit && i < n && i < LOG_HIT_LOCS; i++)
		add_evidence(ev, hit->locs[i]);
	if (ok && hit && n) {
		struct strbuf sb = STRBUF_INIT;

		/* what matched and where, for the reader to open: a bare count says neither */
		strbuf_addf(&sb, "%u log line%s matched the rule's pattern", n, n == 1 ? "" : "s");
		if (hit->locs[0].file)
			strbuf_addf(&sb, ", the first read at %s:%u", hit->locs[0].file, hit->locs[0].line);
		if (hit->groups)
			strbuf_addf(&sb, ": %s", hit->groups);
		add_detail(ev, &sb);
	}
	return ok;
}

/* Configured values compare with running ones after blanks are collapsed. */
static bool same_setting(const struct fact *a, const struct fact *b)
{
	if (a->type == FACT_INT && b->type == FACT_INT)
		return a->i == b->i;
	if (a->type == FACT_STR && b->type == FACT_STR)
		return !strcmp(a->s, b->s);
	return false;
}

/*
 * Whether the host's running sysctls of @key's namespace are known ("vm."
 * from proc/sys/vm, everything from sysctl -a): only then does a missing
 * key mean the kernel lacks it.
 */
static bool host_has_running_sysctl(const struct host *h, const char *key)
{
	size_t i, n = strcspn(key, ".");

	for (i = 0; i < h->facts.nr; i++) {
		const char *name = h->facts.items[i].name;

		if (!strncmp(name, "sysctl.", 7) && !strncmp(name + 7, key, n) && name[7 + n] == '.')
			return true;
	}
	return false;
}

/*
 * ", set by the tuned profile virtual-guest" when the running value is
 * tuned's; when tuned-adm said the daemon was not running (tuned.running 0),
 * the profile set nothing, and that is said instead.
 */
static void tuned_says(const struct host *h, const char *key, const struct fact *run, struct strbuf *sb)
{
	struct strbuf name = STRBUF_INIT;
	const struct fact *t, *prof = fact_get(&h->facts, "tuned.profile");
	const struct fact *running = fact_get(&h->facts, "tuned.running");
	const char *pname = prof && prof->type == FACT_STR ? prof->s : "in use";

	strbuf_addf(&name, "tuned.sysctl.%s", key);
	t = fact_get(&h->facts, name.buf);
	if (t && same_setting(t, run) && running && running->type == FACT_INT && !running->i)
		strbuf_addf(sb, ", the value of the tuned profile %s (%s:%u), though tuned was not running (%s:%u)",
			    pname, t->src.file, t->src.line, running->src.file, running->src.line);
	else if (t && same_setting(t, run))
		strbuf_addf(sb, ", set by the tuned profile %s (%s:%u)", pname, t->src.file, t->src.line);
	strbuf_release(&name);
}

/*
 * configured-key-unknown: a key set in sysctl.conf/sysctl.d that this
 * kernel lacks.  configured-not-running: a key whose configured value is
 * not the one the kernel runs (never applied, or changed by tuned).
 */
static bool eval_check(struct eval *ev, const struct cond *c)
{
	bool unknown = !strcmp(c->check, "configured-key-unknown"), found = false;
	struct src_loc where;
	int64_t code;
	size_t i;

	/* a fleet's check never holds for one host: `memtriage history` judges it */
	if (!strncmp(c->check, "fleet-", 6))
		return false;
	code = host_kernel_code(ev->h, &where);
	for (i = 0; i < ev->h->facts.nr; i++) {
		const struct fact *f = &ev->h->facts.items[i], *run;
		const char *key = f->name + 12;
		struct strbuf name = STRBUF_INIT, sb = STRBUF_INIT;
		const struct knob *kb;
		bool hit;

		if (strncmp(f->name, "sysctl_conf.", 12) || strstr(key, ".overridden"))
			continue;
		strbuf_addf(&name, "sysctl.%s", key);
		run = fact_get(&ev->h->facts, name.buf);
		kb = ruleset_knob(ev->rs, key);
		if (unknown)
			hit = (host_has_running_sysctl(ev->h, key) && !run) ||
			      (kb && kb->kernel.nr && code >= 0 && !kernel_ok(ev, &kb->kernel, code));
		else
			hit = run && !same_setting(f, run);
		if (hit) {
			found = true;
			add_evidence(ev, f->src);
			strbuf_addf(&sb, "%s = ", key);
			fact_value_str(f, &sb);
			if (unknown) {
				strbuf_addf(&sb, " (%s:%u): this kernel has no such key", f->src.file, f->src.line);
			} else {
				strbuf_addf(&sb, " configured (%s:%u) but ", f->src.file, f->src.line);
				fact_value_str(run, &sb);
				strbuf_addstr(&sb, " running");
				tuned_says(ev->h, key, run, &sb);
			}
			add_detail(ev, &sb);
		}
		strbuf_release(&name);
		strbuf_release(&sb);
	}
	return found;
}

static void finding_free(struct finding *f)
{
	size_t k;

	free(f->evidence);
	free(f->hits);
	for (k = 0; k < f->nr_details; k++)
		free(f->details[k]);
	free(f->details);
	free(f->detail_refs);
	memset(f, 0, sizeof(*f));
}

/* Move what @from gathered into the finding being built. */
static void keep_evidence(struct eval *ev, struct finding *from)
{
	size_t k;

	for (k = 0; k < from->nr_evidence; k++)
		add_evidence(ev, from->evidence[k]);
	if (ev->f)
		for (k = 0; k < from->nr_hits; k++) {
			ALLOC_GROW(ev->f->hits, ev->f->nr_hits, ev->f->alloc_hits);
			ev->f->hits[ev->f->nr_hits++] = from->hits[k];
		}
	for (k = 0; k < from->nr_details; k++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addstr(&sb, from->details[k]);
		add_detail_of(ev, &sb, from->detail_refs[k].event, from->detail_refs[k].words);
	}
}

/*
 * A branch gathers its evidence aside and hands it over only when it holds:
 * the events of an "all" whose other half failed are no evidence.
 */
static bool eval_branch(struct eval *ev, const struct cond *c, struct finding *into)
{
	struct finding *saved = ev->f;
	bool ok;

	ev->f = saved ? into : NULL;
	ok = eval_cond(ev, c);
	ev->f = saved;
	return ok;
}

static bool eval_cond(struct eval *ev, const struct cond *c)
{
	struct finding *saved = ev->f, tmp;
	struct src_loc where = { NULL, 0 };
	bool ok = false;
	size_t i;

	switch (c->kind) {
	case C_ALL:
		memset(&tmp, 0, sizeof(tmp));
		for (i = 0, ok = true; i < c->nr_kids && ok; i++)
			ok = eval_branch(ev, c->kids[i], &tmp);
		if (ok)
			keep_evidence(ev, &tmp);
		finding_free(&tmp);
		return ok;
	case C_ANY:
		for (i = 0; i < c->nr_kids; i++) {
			memset(&tmp, 0, sizeof(tmp));
			if (eval_branch(ev, c->kids[i], &tmp)) {
				ok = true;
				keep_evidence(ev, &tmp);
			}
			finding_free(&tmp);
		}
		return ok;
	case C_NOT:
		ev->f = NULL;
		ok = c->nr_kids && !eval_cond(ev, c->kids[0]);
		ev->f = saved;
		return ok;
	case C_FACT: {
		const struct fact *f = fact_get(&ev->h->facts, c->fact);

		ok = test_fact(ev, &c->tests, f);
		if (ok && f)
			add_evidence(ev, f->src);
		return ok;
	}
	case C_RATIO: {
		const struct fact *a = fact_get(&ev->h->facts, c->fact), *b = fact_get(&ev->h->facts, c->fact2);

		if (!a || !b || a->type != FACT_INT || b->type != FACT_INT || !b->i)
			return false;
		ok = test_all(ev, &c->tests, true, (double)a->i / (double)b->i, "", NULL);
		if (ok) {
			add_evidence(ev, a->src);
			add_evidence(ev, b->src);
		}
		return ok;
	}
	case C_KERNEL: {
		int64_t code = host_kernel_code(ev->h, &where);

		ok = code >= 0 && kernel_ok(ev, &c->tests, code);
		if (ok)
			add_evidence(ev, where);
		return ok;
	}
	case C_HYPERVISOR: {
		const struct fact *f = fact_get(&ev->h->facts, "virt.hypervisor");
		const char *hv = f && f->type == FACT_STR ? f->s : ev->h->hypervisor;

		for (i = 0; hv && i < c->nr_words; i++)
			ok |= !strcmp(hv, c->words[i]);
		if (ok && f)
			add_evidence(ev, f->src);
		return ok;
	}
	case C_EVENTS:
		return eval_events(ev, c);
	case C_LOG:
		return eval_log(ev, c);
	case C_CHECK:
		return eval_check(ev, c);
	default:
		return false;
	}
}

/* ---- recommendations ----------------------------------------------------------- */

static void note_dropped(struct verdict *v, const struct rule *r, const char *key, const char *why,
			 bool uncomputed)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s (rule %s): %s", key, r->id, why);
	ALLOC_GROW(v->dropped, v->nr_dropped, v->alloc_dropped);
	v->dropped[v->nr_dropped++] = (struct dropped_rec){ strbuf_detach(&sb), uncomputed };
}

static struct rec_val rec_val_number(double x)
{
	return (struct rec_val){ true, x, NULL };
}

/* "10", "0.5", "4096 87380 6291456": how notes and writers show a value. */
static void rec_val_str(const struct rec_val *v, struct strbuf *sb)
{
	if (v->text)
		strbuf_addstr(sb, v->text);
	else if (v->num == floor(v->num))
		strbuf_addf(sb, "%lld", (long long)v->num);
	else
		strbuf_addf(sb, "%g", v->num);
}

static bool rec_val_same(const struct rec_val *a, const struct rec_val *b)
{
	if (a->is_num || b->is_num)
		return a->is_num && b->is_num && a->num == b->num;
	return !strcmp(a->text, b->text);
}

/*
 * The largest value of event field @name among the events the finding rests
 * on: what a report itself says when the snapshot does not ("N pages RAM").
 */
static bool events_max(const struct eval *ev, const char *name, double *out)
{
	size_t i;
	bool seen = false;

	for (i = 0; ev->f && i < ev->f->nr_hits; i++) {
		struct fval fv;

		event_field_get(ev->h->events[ev->f->hits[i]], name, &fv);
		if (fv.kind == FV_NUM && (!seen || fv.num > *out)) {
			*out = fv.num;
			seen = true;
		}
	}
	return seen;
}

/* The value to recommend: a literal, or a fact scaled, rounded and clamped. */
static bool rec_value(const struct eval *ev, const struct rec *rec, struct rec_val *out)
{
	const struct rec_value *rv = &rec->value;
	const struct rvalue *v;

	if (rv->fact || rv->event) {
		const struct fact *f = rv->fact ? fact_get(&ev->h->facts, rv->fact) : NULL;
		double x, floor_kb;

		if (f && f->type == FACT_INT)
			x = (double)f->i;
		else if (!rv->event || !events_max(ev, rv->event, &x))
			return false;
		x *= rv->times;
		if (rv->has_min && x < rv->min)
			x = rv->min;
		if (rv->has_max && x > rv->max)
			x = rv->max;
		/* above max too: a value below the one the host ran with would lower it */
		if (rv->at_least && events_max(ev, rv->at_least, &floor_kb) && x < floor_kb * rv->at_least_times)
			x = floor_kb * rv->at_least_times;
		*out = rec_val_number((double)llround(x));
		return true;
	}
	if (!(v = resolve(ev, &rv->lit)))
		return false;
	if (v->kind == RV_NUM && v->unit == RU_NONE) {
		*out = rec_val_number(v->num);
		if (v->num != floor(v->num))
			out->text = v->str; /* "0.50" stays as written */
	} else {
		*out = (struct rec_val){ false, 0, v->str ? v->str : "" };
	}
	return true;
}

static struct sysctl_rec *rec_slot(struct verdict *v, const struct host *h, const char *key)
{
	struct strbuf name = STRBUF_INIT;
	struct sysctl_rec *r;
	size_t i;

	for (i = 0; i < v->nr_recs; i++)
		if (!strcmp(v->recs[i].key, key))
			return &v->recs[i];
	ALLOC_GROW(v->recs, v->nr_recs, v->alloc_recs);
	r = &v->recs[v->nr_recs++];
	memset(r, 0, sizeof(*r));
	r->key = xstrdup(key);
	strbuf_addf(&name, "sysctl.%s", key);
	r->current = fact_get(&h->facts, name.buf);
	strbuf_reset(&name);
	strbuf_addf(&name, "sysctl_conf.%s", key);
	r->configured = fact_get(&h->facts, name.buf);
	strbuf_reset(&name);
	strbuf_addf(&name, "tuned.sysctl.%s", key);
	r->tuned = fact_get(&h->facts, name.buf);
	strbuf_release(&name);
	return r;
}

static void append_note(struct sysctl_rec *r, const char *fmt, ...) MT_PRINTF(2, 3);

static void append_note(struct sysctl_rec *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (r->note) {
		strbuf_addstr(&sb, r->note);
		strbuf_addstr(&sb, "; ");
		free(r->note);
	}
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->note = strbuf_detach(&sb);
}

/* Whether @key exists on the host's kernel, as far as anything tells. */
static const char *knob_missing(struct eval *ev, const struct rec *rec, const char *key, int64_t code)
{
	const struct knob *kb = ruleset_knob(ev->rs, key);
	struct strbuf name = STRBUF_INIT;
	bool absent;

	if (rec->kernel.nr && (code < 0 || !kernel_ok(ev, &rec->kernel, code)))
		return code < 0 ? "the kernel version is unknown" : "not for this kernel version";
	if (kb && kb->kernel.nr && code >= 0 && !kernel_ok(ev, &kb->kernel, code))
		return "this kernel has no such knob";
	strbuf_addf(&name, "sysctl.%s", key);
	absent = host_has_running_sysctl(ev->h, key) && !fact_get(&ev->h->facts, name.buf);
	strbuf_release(&name);
	return absent ? "the running kernel lists no such key (sysctl -a)" : NULL;
}

static void add_action(struct eval *ev, struct verdict *v, const struct rec *rec, int64_t code)
{
	if (rec->kernel.nr && (code < 0 || !kernel_ok(ev, &rec->kernel, code)))
		return;
	ALLOC_GROW(v->actions, v->nr_actions, v->alloc_actions);
	v->actions[v->nr_actions++] = (struct action_rec){ ev->rule, rec->action, rec->reason };
}

/* Below the knob's floor on this kernel, @val is what the kernel would run: the floor. */
static void apply_floor(struct eval *ev, const struct knob *kb, int64_t code, struct sysctl_rec *r,
			struct rec_val *val)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct rec_val raised = rec_val_number(kb ? kb->floor : 0);

	if (!kb || kb->floor <= 0 || !val->is_num || val->num >= kb->floor)
		return;
	if (kb->floor_kernel.nr && (code < 0 || !kernel_ok(ev, &kb->floor_kernel, code)))
		return;
	rec_val_str(val, &from);
	rec_val_str(&raised, &to);
	append_note(r, "raised from %s to %s: this kernel ignores lower values", from.buf, to.buf);
	*val = raised;
	strbuf_release(&from);
	strbuf_release(&to);
}

/* Two rules asking different values: the most severe one wins, and the note names the loser. */
static void settle_conflict(struct eval *ev, struct sysctl_rec *r, const struct rec_val *val)
{
	const struct rule *first = r->askers[0].rule;
	struct strbuf had = STRBUF_INIT, asked = STRBUF_INIT;

	rec_val_str(&r->want, &had);
	rec_val_str(val, &asked);
	if (ev->rule->severity > first->severity) {
		append_note(r, "rule %s asks %s, rule %s asks %s: %s wins (more severe)",
			    first->id, had.buf, ev->rule->id, asked.buf, ev->rule->id);
		r->want = *val;
	} else {
		append_note(r, "rule %s asks %s, rule %s asks %s: %s kept (%s)",
			    first->id, had.buf, ev->rule->id, asked.buf, first->id,
			    ev->rule->severity == first->severity ? "first" : "more severe");
	}
	strbuf_release(&had);
	strbuf_release(&asked);
}

/* Setting a knob that zeroes its twin (dirty_ratio, dirty_bytes) while the twin is set: said once. */
static void note_excludes(struct eval *ev, const struct knob *kb, struct sysctl_rec *r)
{
	struct strbuf other = STRBUF_INIT;
	const struct fact *o;

	if (!kb || !kb->excludes || r->excludes_noted)
		return;
	strbuf_addf(&other, "sysctl.%s", kb->excludes);
	o = fact_get(&ev->h->facts, other.buf);
	if (o && o->type == FACT_INT && o->i != 0) {
		append_note(r, "%s is set to %lld now; setting %s makes the kernel zero it",
			    kb->excludes, (long long)o->i, r->key);
		r->excludes_noted = true;
	}
	strbuf_release(&other);
}

/*
 * Why a computed value could not be computed, and what would give it: the
 * snapshot files of its fact, what of the report its event field needs.
 */
static void uncomputed_why(const struct rec *rec, struct strbuf *sb)
{
	const struct rec_value *rv = &rec->value;

	struct strbuf files = STRBUF_INIT;

	strbuf_addstr(sb, "no value: it is computed from ");
	if (rv->fact) {
		strbuf_addf(sb, "%s, which the inputs do not give", rv->fact);
		if (fact_catalog_sources(rv->fact, &files))
			strbuf_addf(sb, " (a snapshot's %s gives it)", files.buf);
	}
	if (rv->event)
		strbuf_addf(sb, "%sthe %s of the events it rests on (%s), which their reports do not give",
			    rv->fact ? ", or from " : "", rv->event, event_field_doc(rv->event));
	strbuf_release(&files);
}

/* The latest of the host's events the rule being evaluated rests on, or -1. */
static long latest_hit(const struct eval *ev)
{
	long best = -1;
	size_t i;

	for (i = 0; ev->f && i < ev->f->nr_hits; i++)
		if ((long)ev->f->hits[i] > best)
			best = (long)ev->f->hits[i];
	return best;
}

static void add_sysctl(struct eval *ev, struct verdict *v, const struct rec *rec, int64_t code)
{
	const struct knob *kb = ruleset_knob(ev->rs, rec->sysctl);
	struct sysctl_rec *r;
	struct rec_val val;
	const char *why;

	if ((why = knob_missing(ev, rec, rec->sysctl, code))) {
		note_dropped(v, ev->rule, rec->sysctl, why, false);
		return;
	}
	if (!rec_value(ev, rec, &val)) {
		struct strbuf from = STRBUF_INIT;

		uncomputed_why(rec, &from);
		note_dropped(v, ev->rule, rec->sysctl, from.buf, true);
		strbuf_release(&from);
		return;
	}
	r = rec_slot(v, ev->h, rec->sysctl);
	apply_floor(ev, kb, code, r, &val);
	ALLOC_GROW(r->askers, r->nr_askers, r->alloc_askers);
	r->askers[r->nr_askers++] = (struct asker){ ev->rule, rec, val, rec->reason, latest_hit(ev) };
	if (r->nr_askers == 1)
		r->want = val;
	else if (!rec_val_same(&r->want, &val))
		settle_conflict(ev, r, &val);
	note_excludes(ev, kb, r);
}

/* A recommendation's own condition, tested as the rule's is but gathering no evidence. */
static bool rec_holds(struct eval *ev, const struct rec *rec)
{
	struct finding *saved = ev->f;
	bool ok;

	ev->f = NULL;
	ok = eval_cond(ev, rec->when);
	ev->f = saved;
	return ok;
}

static void recommend(struct eval *ev, struct verdict *v)
{
	struct src_loc where;
	int64_t code = host_kernel_code(ev->h, &where);
	size_t i;

	for (i = 0; i < ev->rule->nr_recs; i++) {
		const struct rec *rec = &ev->rule->recs[i];

		if (rec->when && !rec_holds(ev, rec))
			continue;
		if (rec->action)
			add_action(ev, v, rec, code);
		else
			add_sysctl(ev, v, rec, code);
	}
}

/* Whether the host runs the value already: a number as a number, text as text. */
static bool rec_satisfied(const struct sysctl_rec *r)
{
	const struct fact *now = r->current;

	if (!now)
		return false;
	if (now->type == FACT_INT)
		return r->want.is_num && (double)now->i == r->want.num;
	return !strcmp(now->s, r->value);
}

/* ---- what a recommended value does -------------------------------------------- */

/* The knob's default on kernel @code (rules/knobs.yaml), or NULL. */
static const struct knob_default *knob_default(const struct ruleset *rs, const struct knob *kb, int64_t code)
{
	struct eval ev = { NULL, rs, NULL, NULL, NULL };
	size_t i;

	for (i = 0; kb && code >= 0 && i < kb->nr_defaults; i++)
		if (!kb->defaults[i].kernel.nr || kernel_ok(&ev, &kb->defaults[i].kernel, code))
			return &kb->defaults[i];
	return NULL;
}

/*
 * "{current}" of an effect: the running value; else the knob's default for
 * this kernel, said to be one; else unknown, with the files that would give
 * it.  @words owns the text.
 */
static void current_value(struct template_env *env, const struct ruleset *rs, const struct host *h,
			  const struct sysctl_rec *r, int64_t code, struct strbuf *words, struct strbuf *why)
{
	const struct knob *kb = ruleset_knob(rs, r->key);
	const struct knob_default *d = knob_default(rs, kb, code);
	struct strbuf name = STRBUF_INIT, files = STRBUF_INIT;

	if (r->current) {
		fact_value_str(r->current, words);
		env->current = words->buf;
		env->current_is_num = r->current->type == FACT_INT;
		env->current_num = (double)r->current->i;
		strbuf_addf(why, "the running %s, %s, is not one number", r->key, words->buf);
		env->current_why = why->buf;
		return;
	}
	strbuf_addf(&name, "sysctl.%s", r->key);
	strbuf_addf(why, "the running %s is not in the inputs", r->key);
	if (fact_catalog_sources(name.buf, &files))
		strbuf_addf(why, " (a snapshot's %s gives it)", files.buf);
	if (kb && kb->nr_defaults && code < 0)
		strbuf_addstr(why, ", nor the kernel version that decides its default");
	env->current_why = why->buf;
	if (d) {
		strbuf_addf(words, "%.15g (the default of kernel %s; the running value is not in the inputs)",
			    d->value, h->kernel ? h->kernel : "of this host");
		env->current = words->buf;
		env->current_is_num = true;
		env->current_num = d->value;
	}
	strbuf_release(&name);
	strbuf_release(&files);
}

/* The asker whose effect speaks for the entry: one that asked the value given, else the first with one. */
static const struct asker *effect_asker(const struct sysctl_rec *r)
{
	const struct asker *any = NULL;
	size_t i;

	for (i = 0; i < r->nr_askers; i++) {
		const struct asker *a = &r->askers[i];

		if (!a->rec->nr_effect)
			continue;
		if (rec_val_same(&a->value, &r->want))
			return a;
		if (!any)
			any = a;
	}
	return any;
}

/* The entry's effect in this host's numbers, at the latest event its rule rests on. */
static void rec_effect(struct sysctl_rec *r, const struct ruleset *rs, const struct host *h)
{
	const struct asker *a = effect_asker(r);
	struct template_env env = { .ctx = { -1, 0 } };
	struct strbuf words = STRBUF_INIT, why = STRBUF_INIT;
	struct src_loc where;

	if (!a)
		return;
	env.ctx.kernel = host_kernel_code(h, &where);
	env.e = a->event >= 0 ? h->events[a->event] : NULL;
	env.rule = a->rule;
	env.value = r->value;
	env.value_is_num = r->want.is_num;
	env.value_num = r->want.num;
	current_value(&env, rs, h, r, env.ctx.kernel, &words, &why);
	r->effect = template_effect(a->rec->effect, a->rec->nr_effect, &env);
	r->effect_event = env.e;
	strbuf_release(&words);
	strbuf_release(&why);
}

/* ---- causes ----------------------------------------------------------------- */

static int cmp_src(const void *x, const void *y)
{
	const struct src_loc *a = x, *b = y;

	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/* The first few places of @f that are not the first line of one of its events: the facts it used. */
static size_t fact_evidence(const struct host *h, const struct finding *f, struct src_loc *out, size_t max)
{
	struct src_loc *events = xcalloc(f->nr_hits ? f->nr_hits : 1, sizeof(*events));
	size_t i, n = 0;

	for (i = 0; i < f->nr_hits; i++)
		events[i] = h->events[f->hits[i]]->src;
	qsort(events, f->nr_hits, sizeof(*events), cmp_src);
	for (i = 0; i < f->nr_evidence && n < max; i++)
		if (!bsearch(&f->evidence[i], events, f->nr_hits, sizeof(*events), cmp_src))
			out[n++] = f->evidence[i];
	free(events);
	return n;
}

/* Add @loc to @c's evidence unless it is there or full. */
static void cause_cite(struct event_cause *c, struct src_loc loc)
{
	size_t i;

	for (i = 0; i < c->nr_evidence; i++)
		if (!cmp_src(&c->evidence[i], &loc))
			return;
	if (c->nr_evidence < CAUSE_EVIDENCE)
		c->evidence[c->nr_evidence++] = loc;
}

/*
 * The rule @f held for: each event it rests on gets its cause, the first in
 * precedence (by rule.rank) kept primary, citing the event's first line,
 * the lines of the report its figures were read from (the swap totals, the
 * task table...), and the facts the rule used.
 */
static void assign_causes(struct verdict *v, const struct host *h, const struct finding *f)
{
	const struct rule *r = f->rule;
	struct src_loc facts[CAUSE_EVIDENCE - 1], at;
	size_t i, k, nr_facts = fact_evidence(h, f, facts, ARRAY_SIZE(facts));

	for (i = 0; i < f->nr_hits; i++) {
		const struct oom_event *e = h->events[f->hits[i]];
		struct event_cause *c = &v->causes[f->hits[i]];

		if (r->cause < 64)
			c->held |= UINT64_C(1) << r->cause;
		if (c->rule && c->rank <= r->rank)
			continue;
		c->kind = r->cause;
		c->rank = r->rank;
		c->rule = r;
		c->evidence[0] = e->src;
		c->nr_evidence = 1;
		for (k = 0; k < r->nr_figures; k++)
			if (event_field_src(e, r->figures[k], &at))
				cause_cite(c, at);
		for (k = 0; k < nr_facts; k++)
			cause_cite(c, facts[k]);
	}
}

/*
 * A cause rule's summary is the event's cause line where its kind came
 * first; where another kind did, the rule's finding still shows what it
 * found of that event: its summary on the event's detail line, as a rule
 * without a cause words it.
 */
static void word_held_causes(struct verdict *v, const struct host *h)
{
	struct template_env env = { .ctx = { -1, 0 } };
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	for (i = 0; i < v->nr_findings; i++) {
		struct finding *f = &v->findings[i];

		for (k = 0; f->rule->summary && k < f->nr_details; k++) {
			struct detail_ref *r = &f->detail_refs[k];

			if (r->event < 0 || f->details[k][r->words] || v->causes[r->event].rule == f->rule)
				continue;
			env.e = h->events[r->event];
			env.rule = f->rule;
			strbuf_addf(&sb, "%s: ", f->details[k]);
			r->words = sb.len;
			template_expand(&sb, f->rule->summary, &env);
			free(f->details[k]);
			f->details[k] = strbuf_detach(&sb);
		}
	}
}

/* Events no rule explained get the "unknown" kind, and each event its summary in words. */
static void finish_causes(struct verdict *v, const struct ruleset *rs, const struct host *h)
{
	int unknown = ruleset_cause(rs, "unknown");
	struct template_env env = { .ctx = { -1, 0 } };
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < h->nr_events; i++) {
		struct event_cause *c = &v->causes[i];
		const char *tmpl;

		if (!c->rule) {
			c->kind = unknown;
			c->evidence[0] = h->events[i]->src;
			c->nr_evidence = 1;
		}
		if (c->kind < 0)
			continue;
		tmpl = c->rule ? c->rule->summary : rs->kinds[c->kind].summary;
		env.e = h->events[i];
		env.rule = c->rule;
		template_expand(&sb, tmpl ? tmpl : rs->kinds[c->kind].name, &env);
		c->summary = strbuf_detach(&sb);
	}
	word_held_causes(v, h);
}

/* What orders a host's causes, per kind. */
struct kind_tally {
	size_t events;               /* the events it is the primary cause of */
	size_t first;                /* the first of them */
	int severity;                /* the most severe rule that named it */
};

/*
 * Whether kind @a leads kind @b in the host's list: a known cause before
 * "unknown", then more events, then the more severe finding, then the
 * earlier (a host's later events often follow from its first: in 16, a
 * page-fault OOM after the real one).
 */
static bool leads(int a, int b, int unknown, const struct kind_tally *t)
{
	if ((a == unknown) != (b == unknown))
		return b == unknown;
	if (t[a].events != t[b].events)
		return t[a].events > t[b].events;
	if (t[a].severity != t[b].severity)
		return t[a].severity > t[b].severity;
	return t[a].first < t[b].first;
}

/* The host's causes, and its sentence: the summary of the latest event of its main cause, and the counts. */
static void host_verdict(struct verdict *v, const struct ruleset *rs, const struct host *h)
{
	size_t i, k, kills = 0, panics = 0, failures = 0, userspace = 0;
	struct kind_tally *t = xcalloc(rs->nr_kinds ? rs->nr_kinds : 1, sizeof(*t));
	int unknown = ruleset_cause(rs, "unknown");
	const struct event_cause *lead = NULL;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < h->nr_events; i++) {
		const struct event_cause *c = &v->causes[i];

		if (c->kind >= 0 && !t[c->kind].events++)
			t[c->kind].first = i;
		if (c->kind >= 0 && c->rule && (int)c->rule->severity > t[c->kind].severity)
			t[c->kind].severity = (int)c->rule->severity;
		kills += h->events[i]->type == OOM_KILL;
		panics += h->events[i]->type == OOM_PANIC;
		failures += h->events[i]->type == OOM_ALLOC_FAILURE;
		userspace += h->events[i]->type == OOM_USERSPACE_KILL;
	}
	for (;;) {
		int best = -1;

		for (k = 0; k < rs->nr_kinds; k++)
			if (t[k].events && (best < 0 || leads((int)k, best, unknown, t)))
				best = (int)k;
		if (best < 0)
			break;
		ALLOC_GROW(v->host.causes, v->host.nr_causes, v->host.alloc_causes);
		v->host.causes[v->host.nr_causes++] = best;
		t[best].events = 0;
	}
	free(t);
	for (i = h->nr_events; v->host.nr_causes && i-- > 0;)
		if (v->causes[i].kind == v->host.causes[0]) {
			lead = &v->causes[i];
			break;
		}
	if (host_other_panic(h)) /* the host went down for it, whatever its OOMs were */
		strbuf_addf(&sb, "panicked, not for memory (%s); ", host_other_panic(h)->text);
	if (lead && lead->summary)
		strbuf_addf(&sb, "%s; ", lead->summary);
	if (kills)
		strbuf_addf(&sb, "%zu OOM kill%s", kills, kills == 1 ? "" : "s");
	if (panics)
		strbuf_addf(&sb, "%s%zu OOM panic%s", kills ? ", " : "", panics, panics == 1 ? "" : "s");
	if (failures)
		strbuf_addf(&sb, "%s%zu allocation failure%s", kills || panics ? ", " : "", failures,
			    failures == 1 ? "" : "s");
	if (userspace)
		strbuf_addf(&sb, "%s%zu userspace kill%s", kills || panics || failures ? ", " : "", userspace,
			    userspace == 1 ? "" : "s");
	if (!h->nr_events)
		strbuf_addstr(&sb, "no OOM kill, OOM panic or allocation failure");
	v->host.summary = strbuf_detach(&sb);
}

/* Rules that name a cause run first, so that the others can test "cause" and "causes". */
static void run_rules(struct verdict *v, const struct ruleset *rs, struct host *h, bool causes)
{
	size_t i;

	for (i = 0; i < rs->nr; i++) {
		const struct rule *r = &rs->rules[i];
		struct finding f = { 0 };
		struct eval ev = { r, rs, h, &f, v };

		if (r->disabled || !r->when || (r->cause >= 0) != causes)
			continue;
		if (!eval_cond(&ev, r->when)) {
			finding_free(&f);
			continue;
		}
		f.rule = r;
		dedupe_finding(&f);
		if (causes)
			assign_causes(v, h, &f);
		ALLOC_GROW(v->findings, v->nr_findings, v->alloc_findings);
		v->findings[v->nr_findings++] = f;
		if ((int)r->severity > v->worst)
			v->worst = (int)r->severity;
		recommend(&ev, v);
	}
}

void verdict_build(struct verdict *v, const struct ruleset *rs, struct host *h)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	v->worst = -1;
	v->causes = xcalloc(h->nr_events ? h->nr_events : 1, sizeof(*v->causes));
	v->nr_causes = h->nr_events;
	for (i = 0; i < h->nr_events; i++)
		v->causes[i].kind = -1;
	run_rules(v, rs, h, true);
	finish_causes(v, rs, h);
	run_rules(v, rs, h, false);
	host_verdict(v, rs, h);
	for (i = 0; i < v->nr_recs; i++) {
		struct strbuf sb = STRBUF_INIT;

		rec_val_str(&v->recs[i].want, &sb);
		v->recs[i].value = strbuf_detach(&sb);
		v->recs[i].satisfied = rec_satisfied(&v->recs[i]);
		rec_effect(&v->recs[i], rs, h);
	}
	/* most severe first; equals keep the order of the rules */
	for (i = 1; i < v->nr_findings; i++) {
		struct finding f = v->findings[i];
		size_t k = i;

		while (k > 0 && v->findings[k - 1].rule->severity < f.rule->severity) {
			v->findings[k] = v->findings[k - 1];
			k--;
		}
		v->findings[k] = f;
	}
}

void verdict_release(struct verdict *v)
{
	size_t i, k;

	for (i = 0; v->causes && i < v->nr_causes; i++)
		free(v->causes[i].summary);
	free(v->causes);
	free(v->host.causes);
	free(v->host.summary);
	for (i = 0; i < v->nr_findings; i++) {
		free(v->findings[i].evidence);
		free(v->findings[i].hits);
		for (k = 0; k < v->findings[i].nr_details; k++)
			free(v->findings[i].details[k]);
		free(v->findings[i].details);
		free(v->findings[i].detail_refs);
	}
	free(v->findings);
	for (i = 0; i < v->nr_recs; i++) {
		free(v->recs[i].key);
		free(v->recs[i].value);
		free(v->recs[i].note);
		free(v->recs[i].effect);
		free(v->recs[i].askers);
	}
	free(v->recs);
	free(v->actions);
	for (i = 0; i < v->nr_dropped; i++)
		free(v->dropped[i].text);
	free(v->dropped);
	memset(v, 0, sizeof(*v));
}
