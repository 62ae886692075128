/* All that main.c may call: the options of a run, and the run itself. */
#ifndef MT_MEMTRIAGE_H
#define MT_MEMTRIAGE_H

#include "util/env.h"
#include "util/version.h"

enum mt_exit {
	MT_EXIT_OK = 0,          /* no finding at or above --fail-on */
	MT_EXIT_FINDINGS = 1,    /* findings at or above --fail-on */
	MT_EXIT_USAGE = 2,
	MT_EXIT_RULES = 3,       /* invalid rules */
	MT_EXIT_NO_INPUT = 4,    /* no input could be read */
	MT_EXIT_INTERNAL = 5,
};

enum mt_color { MT_COLOR_NEVER, MT_COLOR_ALWAYS, MT_COLOR_AUTO };

/*
 * --fail-on: a finding of this severity or worse, on any host, makes the
 * exit code 1 (and, with -q, the report printed); never: no finding does.
 */
enum mt_fail_on { MT_FAIL_ON_INFO, MT_FAIL_ON_WARNING, MT_FAIL_ON_CRITICAL, MT_FAIL_ON_NEVER };

struct mt_options {
	const char *const *paths;
	size_t nr_paths;
	const char *format;      /* "text", "json" */
	const char *output;      /* -o FILE, or NULL for stdout */
	const char *host;        /* --host */
	bool has_since, has_until;
	int64_t since, until;    /* epoch seconds */
	int year;                /* --year, 0: infer */
	bool has_tz;
	int tz_off_min;
	bool quiet, verbose;
	enum mt_color color;     /* --color; auto: on a terminal unless env.no_color */
	bool dump_facts;         /* print every fact with its provenance instead of the report */
	const char *const *rules; /* --rules PATH, site rules added to the shipped ones */
	size_t nr_rules;
	bool no_default_rules;   /* --no-default-rules: only the --rules given */
	enum mt_fail_on fail_on;
	const char *emit_sysctl; /* --emit-sysctl FILE */
	const char *state;       /* --state FILE: incremental runs, and their history */
	const char *const *imports; /* memtriage history --import FILE.jsonl */
	size_t nr_imports;
	const char *const *vm_map; /* --vm VMNAME=HOST */
	size_t nr_vm_map;
	struct mt_env env;       /* the environment, read once by main */
};

/* Option values, read as the rest of memtriage reads them; false when malformed. */
bool mt_format_known(const char *name);
/** The formats, "text, json, ... or html", into @buf of @size bytes, for a message. */
void mt_format_names(char *buf, size_t size);
/** --since, --until: a date in the zone @tz_off_min (minutes east of UTC) unless it names one. */
bool mt_parse_date(const char *arg, int tz_off_min, int64_t *epoch);
/** --tz: +01:00, -0500, UTC */
bool mt_parse_tz(const char *arg, int *off_min);
bool mt_parse_year(const char *arg, int *year);

/* The rule commands: --check-rules PATH, --list-rules, --explain ID. */
enum mt_rules_cmd { MT_CHECK_RULES, MT_LIST_RULES, MT_EXPLAIN };
int mt_rules_command(const struct mt_options *o, enum mt_rules_cmd cmd, const char *arg);

/** --list-facts: the fact catalog and the event fields, as Markdown (docs/facts.md). */
void mt_list_facts(FILE *out);

/** memtriage history: import, then show the history of --state.  Returns an mt_exit code. */
int mt_history(const struct mt_options *o);
/** Read every path, build the model, write the report.  Returns an mt_exit code. */
int mt_run(const struct mt_options *o);

#endif
