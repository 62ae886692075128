/* The command line: options, usage and exit codes; the work is in mt_run(). */
#include "memtriage.h"

#include <getopt.h>

static const char usage_text[] =
	"usage: memtriage [OPTIONS] PATH...\n"
	"       memtriage history --state FILE [--host H] [--since DATE] [-f FORMAT]\n"
	"                 [--import FILE]... [--vm VMNAME=HOST]...\n"
	"\n"
	"Post-mortem of Linux hosts that ran out of memory: reads kernel logs\n"
	"(syslog, dmesg, journal), directories and archives, and reports every\n"
	"OOM kill, OOM panic and page allocation failure, host by host.\n"
	"PATH is a file (plain or .gz/.xz/.bz2/.zst), a directory (a copy of /var/log,\n"
	"an unpacked sosreport, / itself), a tar archive (a sosreport), an esxtop\n"
	"batch capture, or - for standard input.\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT  text (default), json, jsonl (a host a line), markdown\n"
	"                       or html (one self-contained page)\n"
	"  -o, --output FILE    write the report to FILE (atomically) instead of stdout\n"
	"      --host NAME      only this host (short name or FQDN)\n"
	"      --since DATE     only events at or after DATE (2026-03-14[T02:11[:05]][+01:00])\n"
	"      --until DATE     only events before DATE\n"
	"      --year YEAR      the year the logs end in, for syslog stamps that omit it\n"
	"                       (default: from each file's modification time)\n"
	"      --tz OFFSET      UTC offset of log stamps that print none (+01:00, -0500, UTC)\n"
	"      --fail-on SEV    exit 1 on findings of this severity or worse:\n"
	"                       info, warning (default), critical, never\n"
	"      --rules PATH     add a site's rules (a file or a folder of *.yaml); a rule\n"
	"                       with a shipped rule's id replaces it (repeatable)\n"
	"      --no-default-rules  use only the --rules given\n"
	"      --check-rules PATH  check a rule file and exit 0, or 3 with its errors\n"
	"      --list-rules     list the rules and exit\n"
	"      --explain ID     show what a rule checks, why, and what it recommends\n"
	"      --emit-sysctl PATH  write the recommended settings as sysctl.d drop-ins, one per\n"
	"                       host, each setting citing its evidence (never applied): PATH\n"
	"                       is the file for one host, a directory for several\n"
	"                       (90-memtriage-HOST.conf each)\n"
	"      --state FILE     incremental runs (cron): read only what the logs gained\n"
	"                       since the run that wrote FILE, report only new events;\n"
	"                       FILE (SQLite) keeps every run's events and findings, so\n"
	"                       rules look back across nights and findings say new or\n"
	"                       again; each run records every host FILE has seen (a\n"
	"                       quiet night is ok); MEMTRIAGE_STATE_WAIT=S: wait\n"
	"                       for another run\n"
	"      --vm VMNAME=HOST pair a VM of an esxtop capture with a guest whose name\n"
	"                       differs (repeatable); by default VMs pair by name\n"
	"      --dump-facts     print every fact of every host with the file and line\n"
	"                       it came from, one a line, instead of the report\n"
	"      --list-facts     print the fact catalog (docs/facts.md) and exit\n"
	"      --color WHEN     auto (default: on a terminal, unless NO_COLOR is set),\n"
	"                       always or never\n"
	"  -q, --quiet          print nothing unless there are findings at or above --fail-on\n"
	"                       (with --state: and something is new, an event or a\n"
	"                       finding no earlier night had); never -f jsonl, whose\n"
	"                       lines are each host's record of the night\n"
	"  -v, --verbose        every event, every number, the rules' explanations and bookkeeping\n"
	"  -h, --help           this help\n"
	"  -V, --version        the version\n"
	"\n";

/* apart from the options: ISO C bounds one string literal at 4095 bytes */
static const char usage_more[] =
	"History (memtriage history --state FILE):\n"
	"  each host's events and findings over the nights, a grid of hosts x nights\n"
	"  with each night's verdict, and the fleet findings no host alone shows\n"
	"  (rules/fleet/); --host and --since narrow it, -f text, json, markdown or\n"
	"  html (the fleet view), -o FILE.\n"
	"      --import FILE.jsonl  add other hosts' reports (memtriage -f jsonl) to FILE\n"
	"                       first, as a run at the file's modification time\n"
	"                       (repeatable; with -q nothing is shown after)\n"
	"      --import CAPTURE  a hypervisor capture (esxtop ...): its VMs paired with\n"
	"                       the history's guests by name or --vm VMNAME=HOST\n"
	"\n"
	"Exit codes:\n"
	"  0  no finding at or above --fail-on\n"
	"  1  findings at or above --fail-on\n"
	"  2  usage error\n"
	"  3  invalid rules, or the shipped rules not found (MEMTRIAGE_RULES_DIR)\n"
	"  4  an input could not be read, or not to its end (a truncated .gz):\n"
	"     the report, if any, covers what was read\n"
	"  5  internal error (out of memory, cannot write the report or the state,\n"
	"     the state in use by another run past MEMTRIAGE_STATE_WAIT seconds,\n"
	"     a state that is corrupt, foreign or from a newer memtriage)\n";

enum { OPT_HOST = 256, OPT_SINCE, OPT_UNTIL, OPT_YEAR, OPT_TZ, OPT_FAIL_ON, OPT_DUMP_FACTS,
       OPT_LIST_FACTS, OPT_RULES, OPT_NO_DEFAULT_RULES, OPT_CHECK_RULES, OPT_LIST_RULES,
       OPT_EXPLAIN, OPT_EMIT_SYSCTL, OPT_VM, OPT_COLOR, OPT_STATE, OPT_IMPORT };

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "year", required_argument, NULL, OPT_YEAR },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "dump-facts", no_argument, NULL, OPT_DUMP_FACTS },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES },
	{ "check-rules", required_argument, NULL, OPT_CHECK_RULES },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "emit-sysctl", required_argument, NULL, OPT_EMIT_SYSCTL },
	{ "vm", required_argument, NULL, OPT_VM },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "import", required_argument, NULL, OPT_IMPORT },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "list-facts", no_argument, NULL, OPT_LIST_FACTS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

#define MAX_RULE_PATHS 64
#define MAX_VM_MAPS 64
static const char *rule_paths[MAX_RULE_PATHS];
static const char *vm_maps[MAX_VM_MAPS];
#define MAX_IMPORTS 4096
static const char *imports[MAX_IMPORTS];

/* --since and --until wait for every option: their zone is --tz, wherever it comes */
struct dates {
	const char *since, *until;
};

static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "memtriage: error: %s", what);
	if (arg)
		fprintf(stderr, " '%s'", arg);
	fputs("\nTry 'memtriage --help'.\n", stderr);
	return MT_EXIT_USAGE;
}

static int bad_date(const char *arg)
{
	return bad_usage("expected a date such as 2026-03-14, 2026-03-14T02:11 or 2026-03-14T02:11:05+01:00, not", arg);
}

/* The dates in the zone of --tz, now that it is known (a date may name its own). */
static int read_dates(struct mt_options *o, const struct dates *dates)
{
	int tz = o->has_tz ? o->tz_off_min : 0;

	if (dates->since) {
		if (!mt_parse_date(dates->since, tz, &o->since))
			return bad_date(dates->since);
		o->has_since = true;
	}
	if (dates->until) {
		if (!mt_parse_date(dates->until, tz, &o->until))
			return bad_date(dates->until);
		o->has_until = true;
	}
	return 0;
}

/* The words an option takes: the one list its check and its error message are made from. */
struct word {
	const char *word;
	int value;
};

static const struct word fail_on_words[] = {
	{ "info", MT_FAIL_ON_INFO }, { "warning", MT_FAIL_ON_WARNING },
	{ "critical", MT_FAIL_ON_CRITICAL }, { "never", MT_FAIL_ON_NEVER },
};

static const struct word color_words[] = {
	{ "auto", MT_COLOR_AUTO }, { "always", MT_COLOR_ALWAYS }, { "never", MT_COLOR_NEVER },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The value of arg among words, or -1 after the usage error "expected --opt a, b or c, not 'arg'" */
static int pick_word(const char *opt, const struct word *words, size_t n, const char *arg)
{
	char what[160];
	int len;
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(arg, words[i].word))
			return words[i].value;
	len = snprintf(what, sizeof(what), "expected --%s", opt);
	for (i = 0; i < n && len > 0 && (size_t)len < sizeof(what); i++)
		len += snprintf(what + len, sizeof(what) - (size_t)len, "%s%s",
				!i ? " " : i + 1 < n ? ", " : " or ", words[i].word);
	if (len > 0 && (size_t)len < sizeof(what))
		snprintf(what + len, sizeof(what) - (size_t)len, ", not");
	bad_usage(what, arg);
	return -1;
}

static int parse_option(int c, struct mt_options *o, struct dates *dates)
{
	int64_t v;

	switch (c) {
	case 'f':
		if (!mt_format_known(optarg)) {
			char names[128], what[160];

			mt_format_names(names, sizeof(names));
			snprintf(what, sizeof(what), "expected --format %s, not", names);
			return bad_usage(what, optarg);
		}
		o->format = optarg;
		break;
	case 'o':
		o->output = optarg;
		break;
	case OPT_HOST:
		o->host = optarg;
		break;
	case OPT_SINCE:
	case OPT_UNTIL:
		/* checked now, so that the error comes where it did; read in the end */
		if (!mt_parse_date(optarg, 0, &v))
			return bad_date(optarg);
		if (c == OPT_SINCE)
			dates->since = optarg;
		else
			dates->until = optarg;
		break;
	case OPT_YEAR:
		if (!mt_parse_year(optarg, &o->year))
			return bad_usage("expected --year such as 2026, not", optarg);
		break;
	case OPT_TZ:
		if (!mt_parse_tz(optarg, &o->tz_off_min))
			return bad_usage("expected --tz as an offset such as +01:00, -0500 or UTC, not", optarg);
		o->has_tz = true;
		break;
	case OPT_FAIL_ON:
		if ((v = pick_word("fail-on", fail_on_words, ARRAY_LEN(fail_on_words), optarg)) < 0)
			return MT_EXIT_USAGE;
		o->fail_on = (enum mt_fail_on)v;
		break;
	case OPT_RULES:
		if (o->nr_rules >= MAX_RULE_PATHS)
			return bad_usage("too many --rules", NULL);
		rule_paths[o->nr_rules++] = optarg;
		o->rules = rule_paths;
		break;
	case OPT_NO_DEFAULT_RULES:
		o->no_default_rules = true;
		break;
	case OPT_EMIT_SYSCTL:
		o->emit_sysctl = optarg;
		break;
	case OPT_STATE:
		o->state = optarg;
		break;
	case OPT_IMPORT:
		if (o->nr_imports >= MAX_IMPORTS)
			return bad_usage("too many --import files; the most is 4096", NULL);
		imports[o->nr_imports++] = optarg;
		o->imports = imports;
		break;
	case OPT_COLOR:
		if ((v = pick_word("color", color_words, ARRAY_LEN(color_words), optarg)) < 0)
			return MT_EXIT_USAGE;
		o->color = (enum mt_color)v;
		break;
	case OPT_VM:
		if (!strchr(optarg, '=') || optarg[0] == '=' || !strchr(optarg, '=')[1])
			return bad_usage("expected --vm VMNAME=HOST, not", optarg);
		if (o->nr_vm_map >= MAX_VM_MAPS)
			return bad_usage("too many --vm", NULL);
		vm_maps[o->nr_vm_map++] = optarg;
		o->vm_map = vm_maps;
		break;
	case OPT_DUMP_FACTS:
		o->dump_facts = true;
		break;
	case 'q':
		o->quiet = true;
		break;
	case 'v':
		o->verbose = true;
		break;
	default:
		return bad_usage("invalid option", NULL);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct mt_options o = { .format = "text", .fail_on = MT_FAIL_ON_WARNING, .color = MT_COLOR_AUTO };
	struct dates dates = { NULL, NULL };
	const char *rules_arg = NULL;
	int c, ret, rules_cmd = -1;
	bool history = argc > 1 && !strcmp(argv[1], "history");

	mt_env_read(&o.env);
	if (history)
		optind = 2;

	while ((c = getopt_long(argc, argv, "f:o:qvhV", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			fputs(usage_more, stdout);
			return fflush(stdout) ? MT_EXIT_INTERNAL : MT_EXIT_OK;
		}
		if (c == OPT_CHECK_RULES || c == OPT_LIST_RULES || c == OPT_EXPLAIN) {
			rules_cmd = c == OPT_CHECK_RULES ? MT_CHECK_RULES
				  : c == OPT_LIST_RULES	 ? MT_LIST_RULES
							 : MT_EXPLAIN;
			rules_arg = optarg;
			continue;
		}
		if (c == OPT_LIST_FACTS) {
			mt_list_facts(stdout);
			return fflush(stdout) ? MT_EXIT_INTERNAL : MT_EXIT_OK;
		}
		if (c == 'V') {
			printf("memtriage %s\n", MT_VERSION);
			return MT_EXIT_OK;
		}
		if ((ret = parse_option(c, &o, &dates)))
			return ret;
	}
	if ((ret = read_dates(&o, &dates)))
		return ret;
	if (rules_cmd >= 0)
		return mt_rules_command(&o, (enum mt_rules_cmd)rules_cmd, rules_arg);
	if (history && optind < argc)
		return bad_usage("history takes no PATH; got", argv[optind]);
	if (history)
		return mt_history(&o);
	if (o.nr_imports)
		return bad_usage("--import goes with memtriage history --state FILE", NULL);
	if (optind >= argc)
		return bad_usage("no PATH given", NULL);
	o.paths = (const char *const *)(argv + optind);
	o.nr_paths = (size_t)(argc - optind);
	return mt_run(&o);
}
