/* All that main.c may call: the options of a run, and the run itself. */
#ifndef MT_MEMTRIAGE_H
#define MT_MEMTRIAGE_H

#include "util/common.h"

enum mt_exit {
	MT_EXIT_OK = 0,          /* no finding at or above --fail-on */
	MT_EXIT_FINDINGS = 1,    /* findings at or above --fail-on */
	MT_EXIT_USAGE = 2,
	MT_EXIT_RULES = 3,       /* invalid rules */
	MT_EXIT_NO_INPUT = 4,    /* no input could be read */
	MT_EXIT_INTERNAL = 5,
};

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
	int color;               /* --color: 0 never, 1 always, 2 auto */
	bool dump_facts;         /* print every fact with its provenance instead of the report */
	const char *const *rules; /* --rules PATH, site rules added to the shipped ones */
	size_t nr_rules;
	bool no_default_rules;   /* --no-default-rules: only the --rules given */
	int fail_on;             /* severity at which the exit code becomes 1; 3: never */
	const char *emit_sysctl; /* --emit-sysctl FILE */
	const char *state;       /* --state FILE: incremental runs */
	const char *const *vm_map; /* --vm VMNAME=HOST */
	size_t nr_vm_map;
};

/* The rule commands: --check-rules PATH, --list-rules, --explain ID. */
enum mt_rules_cmd { MT_CHECK_RULES, MT_LIST_RULES, MT_EXPLAIN };
int mt_rules_command(const struct mt_options *o, enum mt_rules_cmd cmd, const char *arg);

/** Read every path, build the model, write the report.  Returns an mt_exit code. */
int mt_run(const struct mt_options *o);

#endif
