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
/* Where the recommended settings are meant to go: sysctl_dropin_path() names the file. */
#define MT_DROPIN_DIR "/etc/sysctl.d/"

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
	bool one_host;               /* --emit-sysctl per host: write only hosts[host] */
	size_t host;
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

/** "90-memtriage-app01.example.com.conf": the file name of a host's drop-in (@index: its place, for an unnamed one). */
void sysctl_dropin_name(struct strbuf *sb, const struct host *h, size_t index);
/**
 * "/etc/sysctl.d/90-memtriage-app01.conf": where that drop-in goes on the
 * host, the file every writer that shows the settings names (as
 * --emit-sysctl names the file it writes).
 */
void sysctl_dropin_path(struct strbuf *sb, const struct host *h, size_t index);
/** Whether the host has a setting to change (a drop-in to write). */
bool host_has_dropin(const struct verdict *v);

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
/**
 * The line under the verdict: host_summary() and host_span_words() into @sb
 * (reset first); false, @sb empty, when the verdict's summary says it already
 * (a healthy host's "no OOM kill, ..."), for no report to say it twice.
 */
bool host_events_words(struct strbuf *sb, const struct host *h, const struct verdict *v);
/** "java x2, httpd": the victims of a host's kills, most frequent first. */
void host_victims(struct strbuf *sb, const struct host *h);
/**
 * The first of @v's settings from *@i on that the host does not run yet
 * (what a drop-in would change), with *@i just past it; NULL when none is left.
 */
const struct sysctl_rec *rec_to_change(const struct verdict *v, size_t *i);
/** The same among the settings @rule asked for: a finding's own advice. */
const struct sysctl_rec *rec_asked_by(const struct verdict *v, const struct rule *rule, size_t *i);
/** Print @text word-wrapped at @width columns, each line indented by @indent spaces. */
void print_wrapped(FILE *out, const char *text, unsigned indent, unsigned width);
/** The same, the current line already @col columns long (a label before the text). */
void print_wrapped_at(FILE *out, unsigned col, const char *text, unsigned indent, unsigned width);
/** "#1-#3, #7": the events of @events (indices into the host's, repeats allowed) by number, into @sb. */
void event_refs(struct strbuf *sb, const size_t *events, size_t n);

/*
 * The event's memory in kB, one row each, in the order every format shows
 * them; @in_bar: a part of the breakdown drawn as one bar (reports.c says
 * how they overlap).
 */
struct mem_part {
	const char *key;             /* the JSON key in "memory": "anon_kb" */
	const char *field;           /* the event field it is read from: "mem.anon_kb" */
	const char *label;           /* "anon", as the reports name it */
	bool in_bar;
};
extern const struct mem_part mem_parts[];
extern const size_t nr_mem_parts;
/** The event field @field (an event_fields.h name) in kB; MT_UNKNOWN when unknown. */
int64_t event_kb(const struct oom_event *e, const char *field);

/* Helpers the writers share. */
/** Events of @h of type @t. */
size_t host_count(const struct host *h, enum oom_type t);
/** The event's time, ISO 8601, into @sb; false when unknown. */
bool event_time_str(const struct oom_event *e, struct strbuf *sb);
/** The same for people: a "?" after a guessed year, "2026?-03-14T02:11:05"; false when unknown. */
bool event_time_shown(const struct oom_event *e, struct strbuf *sb);
/** Which years of @h's events and notes were guessed, and how to give the year, into @sb; false: none. */
bool host_year_sentence(struct strbuf *sb, const struct host *h);
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
/** "refused memory 3 s before this event: asked 2.0 MiB of host, which had 0 KiB available, ..." (the ESXi host's nearest admission failure); false when none. */
bool hv_admission_words(const struct oom_event *e, struct strbuf *sb);
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

/* ---- words.c: an event's words and numbers, the same in every format ---- */

/** "1.5 GiB" for @kb, "?" when unknown. */
void words_kb(struct strbuf *sb, int64_t kb);
/** The same for a hypervisor's MB figure (NAN: unknown). */
void words_mb(struct strbuf *sb, double mb);
/** ", 2010-03-08T02:17:43 to 2010-03-09T02:22:51": the host's first and last event, appended to @sb. */
void host_span_words(struct strbuf *sb, const struct host *h);
/** When the event was: its time, else "uptime 201.000s", else "time unknown", into @sb (reset first). */
void event_when_words(struct strbuf *sb, const struct oom_event *e);
/** "OOM kill (memcg /docker/abc)", into @sb (reset first). */
void event_kind_words(struct strbuf *sb, const struct oom_event *e);
/** "java pid 4127, anon-rss 2.0 GiB"; "none in the log" for a kill that names none. */
/** A userspace killer's own figures: "pressure 63.10%, limit 50.00% for > 20s, ..."; false when none. */
bool event_killer_figures_words(struct strbuf *sb, const struct oom_event *e);
/** The other side of a userspace kill and the kernel's report of one moment; false when none (kernel events). */
bool event_paired_words(struct strbuf *sb, const struct oom_event *e);
bool event_killed_words(struct strbuf *sb, const struct oom_event *e);
/** "java pid 9377, order 0, gfp_mask 0x280da (GFP_...)". */
bool event_trigger_words(struct strbuf *sb, const struct oom_event *e);
/** "DMA free 52 KiB < min 64 KiB; node 1 Normal free 48.3 MiB (min 44.4 MiB)". */
bool event_zones_words(struct strbuf *sb, const struct oom_event *e);
/** A zone as the reports name it: "Normal", "node 1 Normal" on a host of several nodes. */
void zone_name_words(struct strbuf *sb, const struct oom_event *e, const struct oom_zone *z);
/** Whether the reports show the zone: its free memory known, the zone populated. */
bool zone_shown(const struct oom_zone *z);
/** "dirty 121.0 MiB, writeback 60.3 MiB; swap 0 KiB free of 2.0 GiB". */
bool event_memory_words(struct strbuf *sb, const struct oom_event *e);
/** "java 2.3 GiB, httpd x6 237.5 MiB (rss + swap, of 27 tasks)". */
bool event_biggest_words(struct strbuf *sb, const struct oom_event *e);
/** What the programs' sizes are: "rss + swap", or "rss" of a table without swapents (before 3.6). */
const char *event_programs_measure(const struct oom_event *e);
/** "2.0 GiB used of limit 2.0 GiB" for a cgroup's OOM. */
bool event_memcg_words(struct strbuf *sb, const struct oom_event *e);
/** The hypervisor's figures at the event; returns their label ("esx", "balloon"), NULL: none. */
const char *event_hypervisor_words(struct strbuf *sb, const struct oom_event *e);

/* A line of numbers behind a finding: of one event, or of the finding itself. */
struct finding_line {
	long event;                  /* -1: not of one event */
	const char *words;
	size_t first;                /* where its words came first: lines with the same words share it */
};
/**
 * The numbers a finding rests on, into *@out (free it): for a rule naming a
 * cause, the cause's sentence of each event it named; else the rule's own
 * words of each detail.  Lines of the same words follow each other.
 */
size_t finding_lines(const struct verdict *v, const struct finding *f, struct finding_line **out);
/** The words of the lines from *@k on that say the same, their events ("#1-#3") into @sb; *@k past them. */
const char *finding_line_next(struct strbuf *sb, const struct finding_line *l, size_t n, size_t *k);

#endif
