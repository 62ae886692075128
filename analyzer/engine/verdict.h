/*
 * What the rules concluded about one host: findings (a rule that held, with
 * its evidence) and recommendations merged into one entry per sysctl key.
 */
#ifndef MT_VERDICT_H
#define MT_VERDICT_H

#include "engine/rule.h"
#include "model/model.h"

/*
 * What a detail of a finding is about, so that a report can name the event
 * by its number instead of repeating its line.
 */
struct detail_ref {
	long event;                  /* the host's event the detail is of; -1: none */
	size_t words;                /* where the rule's own words start in it (its length: none) */
};

struct finding {
	const struct rule *rule;
	struct src_loc *evidence;    /* where the facts, events and lines it rests on are */
	size_t nr_evidence, alloc_evidence;
	size_t *hits;                /* the host's events it rests on, by index (repeats possible) */
	size_t nr_hits, alloc_hits;
	char **details;              /* one line each: what matched */
	size_t nr_details, alloc_details;
	struct detail_ref *detail_refs; /* per detail: its event and the rule's own words */
};

/*
 * A value to recommend.  A number stays one until it is written out, so
 * that rules asking 10 and 10.0 agree and a knob's floor compares with it;
 * anything else is the rule's text ("4096 87380 6291456", "512 MB").
 */
struct rec_val {
	bool is_num;
	double num;
	const char *text;            /* as the rule wrote it, when not a whole number; the rule's */
};

/* One rule's wish for a sysctl key. */
struct asker {
	const struct rule *rule;
	const struct rec *rec;       /* the recommendation, with its effect */
	struct rec_val value;
	const char *reason;
	long event;                  /* the latest of the host's events the rule rests on; -1: none */
};

struct sysctl_rec {
	char *key;                   /* "vm.dirty_ratio" */
	struct rec_val want;         /* the value recommended */
	char *value;                 /* ... as the writers show it, once every rule is done */
	const struct fact *current;  /* sysctl.<key>: the running value, or NULL */
	const struct fact *configured; /* sysctl_conf.<key>: the value a file sets, and where */
	const struct fact *tuned;    /* tuned.sysctl.<key>: what the active tuned profile sets */
	struct asker *askers;
	size_t nr_askers, alloc_askers;
	char *note;                  /* a conflict resolved, a floor applied, a knob it zeroes */
	char *effect;                /* what the value does on this host, in its numbers; NULL: no rule says */
	const struct oom_event *effect_event; /* the event those numbers are of, or NULL */
	bool excludes_noted;         /* the note says already which knob this one zeroes */
	bool satisfied;              /* the host already runs this value */
};

/* A recommendation left out: its kernel lacks the knob, or its value cannot be computed. */
struct dropped_rec {
	char *text;                  /* "KEY (rule ID): why" */
	bool uncomputed;             /* the value could not be computed: the text says what would give it */
};

struct action_rec {
	const struct rule *rule;
	const char *action, *reason;
};

/*
 * Why one event happened: every cause kind a rule found for it, and the
 * first of them in precedence order, with the rule that named it.
 */
#define CAUSE_EVIDENCE 8
struct event_cause {
	int kind;                    /* the primary cause: an index into ruleset.kinds */
	uint64_t held;               /* bit k: kind k holds (kinds past 63 are not tracked) */
	const struct rule *rule;     /* the rule that named the primary cause; NULL: none did */
	int rank;                    /* that rule's rank (rule.rank) */
	char *summary;
	struct src_loc evidence[CAUSE_EVIDENCE]; /* the event's first line, the report's lines of its figures, the facts the rule used */
	size_t nr_evidence;
};

/* The host at a glance: its causes, most frequent first, and one sentence. */
struct host_verdict {
	int *causes;
	size_t nr_causes, alloc_causes;
	char *summary;
};

struct verdict {
	struct event_cause *causes;  /* one per event of the host, same order */
	size_t nr_causes;
	struct host_verdict host;
	struct finding *findings;
	size_t nr_findings, alloc_findings;
	struct sysctl_rec *recs;
	size_t nr_recs, alloc_recs;
	struct action_rec *actions;
	size_t nr_actions, alloc_actions;
	struct dropped_rec *dropped; /* recommendations left out, and why */
	size_t nr_dropped, alloc_dropped;
	int worst;                   /* highest severity found, -1 when none */
};

/** Evaluate every enabled rule of @rs on @h. */
void verdict_build(struct verdict *v, const struct ruleset *rs, struct host *h);
void verdict_release(struct verdict *v);

#endif
