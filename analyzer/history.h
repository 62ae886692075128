/*
 * The history a --state database keeps (input/state.c holds its tables):
 * every event, finding and recommendation of every run, per host, with when
 * each was first and last seen.  A run reads its hosts' earlier events back
 * for the rules that look back (events: within:), marks each finding new or
 * recurring, and adds what it found.
 */
#ifndef MT_HISTORY_H
#define MT_HISTORY_H

#include "engine/verdict.h"
#include "input/state.h"
#include "model/model.h"
#include "report/report.h"

/**
 * Add to @m, without events, each host an earlier run recorded that
 * tonight's logs said nothing of (only @only's, with --host): a run then
 * records a verdict of every host it watches, and a quiet night is "ok",
 * not "no run", in the history and in -f jsonl.  A state that never
 * recorded a host, and a run that found none, gets @only or this machine's
 * name (the cron job reads its own logs).
 */
int history_watched_hosts(struct state *st, struct model *m, const char *only, struct diag *d);

/**
 * Give each named host of @m with events in this run its events of earlier
 * runs up to @window_s before the newest of them (host->past).
 */
int history_load_past(struct state *st, struct model *m, int64_t window_s, struct diag *d);

/*
 * What a run adds: the run itself at @now (epoch seconds; its night is that
 * UTC date), each host's verdict, events, findings and recommendations.  Each
 * finding's history before this run goes to *seen (one array per host, each
 * one per finding, for report_ctx.seen; freed by history_seen_free()).
 * Returns how many findings and events are new tonight, or -1 (said to @d).
 */
long history_record(struct state *st, const struct model *m, const struct verdict *v,
		    const struct ruleset *rs, int64_t now, const char *source,
		    struct finding_seen ***seen, struct diag *d);
void history_seen_free(struct finding_seen **seen, size_t nr_hosts);

/* memtriage history: what to show */
struct history_query {
	const char *host;            /* --host, or NULL: every host */
	bool has_since;
	int64_t since;               /* --since, epoch seconds */
	const char *format;          /* text, json, markdown, html */
};

/* A fleet finding: a rule of rules/fleet/ and what it found. */
struct fleet_hit {
	const struct rule *rule;
	char *text;
};

/**
 * @sql prepared with @hq bound: ?1 the host (NULL: every host), ?2 the first
 * epoch second, ?3 its night; NULL (said to @d) when it cannot be.
 */
sqlite3_stmt *history_prepare(struct state *st, const char *sql, const struct history_query *hq,
			      struct diag *d);
/** A query of history_prepare() finished with @rc: 0 when all its rows were read, else said. */
int history_rows_done(struct state *st, sqlite3_stmt *q, int rc, struct diag *d);
/** Print the history @hq asks for; the fleet rules are those of @rs with a fleet check. */
int history_show(struct state *st, const struct history_query *hq, const struct ruleset *rs,
		 FILE *out, struct diag *d);
/** The fleet rules of @rs judged over the history: *hits, freed by fleet_hits_free(). */
int fleet_findings(struct state *st, const struct history_query *hq, const struct ruleset *rs,
		   struct fleet_hit **hits, size_t *nr, struct diag *d);
void fleet_hits_free(struct fleet_hit *hits, size_t nr);
/**
 * Import @path, memtriage's own JSON Lines (-f jsonl) of other hosts, as one
 * run at the file's modification time.  Returns the hosts imported, or -1.
 */
long history_import(struct state *st, const char *path, struct diag *d);
/** Whether @path is (or could only be) JSON Lines for history_import(), not a capture. */
bool history_is_jsonl(const char *path);
/**
 * The guests of @m's hypervisor captures (read from @path), each VM paired
 * by its name or --vm VM=HOST (@vm_map) with a guest of the history, kept
 * (the guests table) so that the fleet rules see those guests' kills as on
 * the capture's host.  What was paired goes to @said ("esx01: app01
 * db02=app02").  Returns the VMs, or -1 (said to @d).
 */
long history_import_guests(struct state *st, const struct model *m, const char *const *vm_map,
			   size_t nr_vm_map, const char *path, struct strbuf *said, struct diag *d);
/** "2026-03-08T02:17:43", "2026?-03-08T02:17:43" when its year was guessed, as the reports mark it. */
void history_time(struct strbuf *sb, int64_t t, bool guessed);

#endif
