/*
 * Rules: the product's judgement, loaded from YAML (rules/README.md).  A
 * rule is a condition tree over a host's facts and events and what to
 * recommend when it holds.  The engine knows no domain knowledge of its own:
 * every threshold, knob and sentence lives in the YAML files of rules/.
 */
#ifndef MT_RULE_H
#define MT_RULE_H

#include "oom/oom_event.h"
#include "util/diag.h"
#include "util/strbuf.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

enum severity { SEV_INFO, SEV_WARNING, SEV_CRITICAL, SEV__COUNT };
extern const char *const severity_names[SEV__COUNT];

/* A value written in a rule: a number (units applied), a string, or "$param". */
struct rvalue {
	enum { RV_NUM, RV_STR, RV_PARAM } kind;
	double num;
	char *str;                   /* RV_STR text, RV_PARAM name */
	enum { RU_NONE, RU_SIZE, RU_PERCENT } unit; /* sizes are in kB, percents as fractions */
	struct src_loc loc;
};

enum cmp_op { OP_EXISTS, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_MATCHES,
	      OP_CONTAINS, OP__COUNT };
extern const char *const cmp_op_names[OP__COUNT];

struct test {
	enum cmp_op op;
	struct rvalue v;             /* eq, ne, lt... contains; exists: num 0/1 */
	struct rvalue *list;         /* in */
	size_t nr_list, alloc_list;
	pcre2_code *re;              /* matches */
	struct src_loc loc;
};

struct tests {
	struct test *items;
	size_t nr, alloc;
};

enum cond_kind { C_ALL, C_ANY, C_NOT, C_FACT, C_RATIO, C_KERNEL, C_HYPERVISOR, C_EVENTS,
		 C_LOG, C_CHECK, C__COUNT };

struct event_where {
	char *field;
	struct tests tests;
};

struct cond {
	enum cond_kind kind;
	struct src_loc loc;
	struct cond **kids;          /* all, any, not */
	size_t nr_kids, alloc_kids;
	char *fact, *fact2;          /* fact; ratio: fact / fact2 */
	struct tests tests;          /* on the value, the ratio, the kernel version, the count */
	char **words;                /* hypervisor names; event types */
	size_t nr_words, alloc_words;
	struct event_where *where;   /* events */
	size_t nr_where, alloc_where;
	char *same;                  /* events: count the largest group of equal values of this field */
	int64_t within_s;            /* events: also those of earlier runs this close to the newest; 0: this run's only */
	char *pattern;               /* log */
	pcre2_code *re;
	unsigned log_index;          /* log: which of the rule set's regexes */
	char *check;                 /* check */
};

/* A recommended value: literal, or computed from a fact. */
struct rec_value {
	struct rvalue lit;
	char *fact;                  /* when set: fact * times, clamped to [min, max] */
	char *event;                 /* without the fact: the largest value of this event field */
	double times, min, max;
	bool has_min, has_max;
	char *at_least;              /* and at least at_least_times x this event field's largest value */
	double at_least_times;
};

struct rec {
	char *sysctl;                /* or NULL for an action */
	struct rec_value value;
	char *action;
	char *reason;
	char **effect;               /* what the value does on this host: template clauses, "; "-joined */
	size_t nr_effect, alloc_effect;
	struct tests kernel;
	struct cond *when;           /* given only when this also holds (the cgroup version...) */
	struct src_loc loc;
};

struct param {
	char *name;
	struct rvalue v;
};

/*
 * A kind of cause (rules/causes.yaml): the fixed vocabulary of why an event
 * happened.  Their order is their precedence: of the kinds that hold for an
 * event, the first is its primary cause.
 */
struct cause_kind {
	char *name;                  /* "demand_exceeded" */
	char *doc;
	char *summary;               /* a template, for events no rule explains ("unknown") */
	struct src_loc loc;
};

struct rule {
	char *id, *title, *explanation;
	int cause;                   /* index into ruleset.kinds; -1: the rule names no cause */
	/*
	 * Where its cause stands among an event's others: 2 × the kind's
	 * precedence, or just after the kind of its "ranks_after" (a cause
	 * inferred from what no counter shows yields to one the report prints).
	 */
	int rank;
	char *summary;               /* the cause's summary: a template of {event.field} and {$param} */
	char **figures;              /* event fields shown as the cause's figures */
	size_t nr_figures, alloc_figures;
	enum severity severity;
	char **refs;
	size_t nr_refs, alloc_refs;
	struct param *params;
	size_t nr_params, alloc_params;
	struct cond *when;
	struct rec *recs;
	size_t nr_recs, alloc_recs;
	struct src_loc loc;
	bool disabled;
};

/* A knob's default on the kernels that pass @kernel. */
struct knob_default {
	struct tests kernel;
	double value;
};

/* What the rules say of each sysctl knob (rules/knobs.yaml). */
struct knob {
	char *name;
	struct tests kernel;         /* the kernels that have it */
	double floor;                /* lowest value the kernel honours, 0: none */
	struct tests floor_kernel;   /* ... on these kernels */
	char *excludes;              /* the knob setting this one zeroes (dirty_ratio / dirty_bytes) */
	struct knob_default *defaults; /* by kernel era, the first that holds */
	size_t nr_defaults, alloc_defaults;
	char *doc;
};

struct ruleset {
	struct rule *rules;
	size_t nr, alloc;
	struct cause_kind *kinds;    /* in precedence order */
	size_t nr_kinds, alloc_kinds;
	struct knob *knobs;
	size_t nr_knobs, alloc_knobs;
	pcre2_code **log_res;        /* every log regex, for the log pipeline */
	const char **log_pats;       /* ... and its text */
	size_t nr_log_res, alloc_log_res, alloc_log_pats;
	char **texts;                /* the files' text, for error carets */
	size_t nr_texts, alloc_texts;
	bool no_jit;                 /* interpret the regexes loaded from now on (MEMTRIAGE_NO_JIT) */
	int64_t max_within_s;        /* the longest `within:` of any rule: how far back the history is read */
};

void ruleset_init(struct ruleset *rs);
void ruleset_release(struct ruleset *rs);
/**
 * Load one file or directory of *.yaml (files in name order).  A rule whose
 * id is already loaded replaces it; a file may also override parameters and
 * disable rules.  Every error goes to @d as FILE:LINE:COL with the line and
 * a caret; returns the number of errors.
 */
size_t ruleset_load_path(struct ruleset *rs, const char *path, bool site, struct diag *d);
/** The same from a string (tests). */
size_t ruleset_load_string(struct ruleset *rs, const char *name, const char *text, bool site,
			   struct diag *d);
const struct rule *ruleset_find(const struct ruleset *rs, const char *id);
/** The index of cause kind @name, or -1. */
int ruleset_cause(const struct ruleset *rs, const char *name);
const struct knob *ruleset_knob(const struct ruleset *rs, const char *name);
/** The value of parameter @name of @r, or NULL. */
const struct rvalue *rule_param(const struct rule *r, const char *name);

/** @v as a rule would write it: "512 MiB", "30%", "12", a string. */
void rvalue_format(struct strbuf *sb, const struct rvalue *v);
/** Parse "512 MB", "30%", "2.6.37", "12" as a rule value. */
bool rvalue_parse(const char *s, struct rvalue *out);
/** A kernel release's comparable code; -1 if it has none. */
int64_t version_code_of(const char *s);

#endif
