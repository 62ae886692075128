/*
 * Report writers: one per --format, registered in reports.c.  A writer only
 * reads the model and the diagnostics; it never parses anything.
 */
#ifndef MT_REPORT_H
#define MT_REPORT_H

#include "engine/verdict.h"
#include "model/model.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/version.h"

#define MT_SCHEMA "memtriage/1"
/* Where the recommended settings are meant to go, in every writer that shows them. */
#define MT_DROPIN_PATH "/etc/sysctl.d/90-memtriage.conf"
/* The first line of the drop-in as a report shows it. */
#define MT_DROPIN_HEADER "# " MT_DROPIN_PATH " (review before applying)\n"

/* What the --state history knew of a finding before this run (history.c). */
struct finding_seen {
	bool again;                  /* seen on an earlier night */
	unsigned nights;             /* the nights it was seen, this one included */
	int64_t since;               /* epoch seconds of the first run it was seen in */
};

struct report_ctx {
	const struct model *model;
	const struct diag *diag;
	const char *const *inputs;   /* the PATH arguments */
	size_t nr_inputs;
	size_t files_read;
	uint64_t log_lines;          /* lines of logs read (most only counted) */
	bool verbose;
	const struct verdict *verdicts; /* one per host, same order */
	const struct ruleset *rules;
	bool color;                  /* ANSI colours (text on a terminal) */
	/* per host, per finding: its history; NULL without --state */
	struct finding_seen *const *seen;
	FILE *out;
};

struct report_writer {
	const char *name;            /* the --format value */
	/** Write the whole report to ctx->out. */
	void (*write)(const struct report_ctx *ctx);
};

extern const struct report_writer out_text;
extern const struct report_writer out_json;
extern const struct report_writer out_jsonl;
extern const struct report_writer out_markdown;
extern const struct report_writer out_html;
/* --dump-facts and --emit-sysctl: not a --format, but written the same way */
extern const struct report_writer out_facts;
extern const struct report_writer out_sysctl;

/** --list-rules and --explain ID */
void rules_list(FILE *out, const struct ruleset *rs);
void rule_explain(FILE *out, const struct rule *r);
/** --list-facts: the fact catalog and the event fields (docs/facts.md) */
void facts_list(FILE *out);

/** The writer for --format @name, or NULL. */
const struct report_writer *report_find(const char *name);
/** The --format names, for a message: "text, json, jsonl, markdown or html". */
void report_names(struct strbuf *sb);
/** "3 OOM kills (java x2, httpd), 1 allocation failure" */
void host_summary(struct strbuf *sb, const struct host *h);
/** "java x2, httpd": the victims of a host's kills, most frequent first. */
void host_victims(struct strbuf *sb, const struct host *h);
/**
 * The first of @v's settings from *@i on that the host does not run yet
 * (what a drop-in would change), with *@i just past it; NULL when none is left.
 */
const struct sysctl_rec *rec_to_change(const struct verdict *v, size_t *i);
/** Print @text word-wrapped at @width columns, each line indented by @indent spaces. */
void print_wrapped(FILE *out, const char *text, unsigned indent, unsigned width);

/* Helpers the writers share. */
/** Events of @h of type @t. */
size_t host_count(const struct host *h, enum oom_type t);
/** The event's time, ISO 8601, into @sb; false when unknown. */
bool event_time_str(const struct oom_event *e, struct strbuf *sb);
/** The history of finding @f of verdict @v, or NULL without --state. */
const struct finding_seen *finding_seen_of(const struct report_ctx *ctx, const struct verdict *v, size_t f);
/** "2026-11-28": the UTC date of @epoch. */
void utc_date(struct strbuf *sb, int64_t epoch);
/** "new" or "again: 4 nights since 2026-11-28" for that finding; false (nothing added) without --state. */
bool finding_seen_words(struct strbuf *sb, const struct report_ctx *ctx, const struct verdict *v, size_t f);
/** A host's display name: its name, or "(unnamed: PATH)". */
const char *host_label(const struct host *h, struct strbuf *sb);
/**
 * The event's hypervisor figures in words, with when they were true:
 * "VMware balloon 2.0 GiB (25% of its memory), at collection, 3.3 days after
 * this event", into @sb (reset first); false when the event has none.
 */
bool hv_sample_words(const struct oom_event *e, struct strbuf *sb);
/** The hypervisor with its platform, "kvm (gce)", or "unknown", into @sb (reset first). */
const char *host_hypervisor_label(const struct host *h, struct strbuf *sb);
/** The note's time, ISO 8601, into @sb; false when unknown. */
bool note_time_str(const struct oom_note *n, struct strbuf *sb);
/** The messages the host's rate limits said they suppressed (@before_reports: right before a report only); MT_UNKNOWN: no such line. */
int64_t host_suppressed(const struct host *h, bool before_reports);
/** "kernel panic, not for memory, uptime 201.000s: corrupted stack end ..." */
void note_panic_sentence(struct strbuf *sb, const struct oom_note *n);
/** "the kernel's rate limits suppressed 14 messages right before its reports (__ratelimit)"; false: no count */
bool host_suppressed_sentence(struct strbuf *sb, const struct host *h);
/** host_suppressed(h, true) summed over the hosts; MT_UNKNOWN: no such count. */
int64_t fleet_suppressed(const struct model *m);
/** "critical", "warning", "info" or "ok": the verdict's worst severity. */
const char *verdict_severity(const struct verdict *v);
/** "demand_exceeded, memcg_limit": the host's causes, most events first. */
void verdict_causes(struct strbuf *sb, const struct verdict *v, const struct ruleset *rs);
/** The NUMA nodes the event's zone lines name (0: none named). */
size_t event_nodes(const struct oom_event *e);
/** "printk x2, net_ratelimit": the rate limits of the host's counts (@before_reports: those right before a report). */
void host_rate_limits(struct strbuf *sb, const struct host *h, bool before_reports);

#endif
