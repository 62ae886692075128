/* One run: rules -> inputs -> model -> verdicts -> report. */
#include "memtriage.h"
#include "analysis.h"
#include "history.h"
#include "input/state.h"
#include "util/scan.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <stdio_ext.h>
#include <unistd.h>

/*
 * One thread writes the report, a character at a time in places: no lock
 * around each call (a quarter of the time of writing a large one).  Every
 * format reaches the stream through utf8_stream(), so that a process or
 * host named in another encoding than UTF-8 becomes U+FFFD wherever a
 * writer prints it, as the pages' charset (and JSON) require.
 */
static void write_unlocked(const struct report_writer *w, struct report_ctx *ctx)
{
	FILE *to = ctx->out, *clean = utf8_stream(to);

	__fsetlocking(to, FSETLOCKING_BYCALLER);
	__fsetlocking(clean, FSETLOCKING_BYCALLER);
	ctx->out = clean;
	w->write(ctx);
	/* a failed write has set @to's error flag, which the callers check */
	fclose(clean);
	ctx->out = to;
}

/* Write to a temporary file beside FILE, then rename: never a half report. */
static int write_atomically(const struct report_writer *w, struct report_ctx *ctx, const char *path)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd, ret = MT_EXIT_OK;
	FILE *f;

	strbuf_addf(&tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp.buf);
		}
		strbuf_release(&tmp);
		return MT_EXIT_INTERNAL;
	}
	ctx->out = f;
	write_unlocked(w, ctx);
	if (fflush(f) || ferror(f) || fsync(fd)) {
		fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
		fclose(f);
		unlink(tmp.buf);
		ret = MT_EXIT_INTERNAL;
	} else if (fclose(f) || rename(tmp.buf, path)) {
		fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
		unlink(tmp.buf);
		ret = MT_EXIT_INTERNAL;
	}
	strbuf_release(&tmp);
	return ret;
}

static int write_report(const struct report_writer *w, struct report_ctx *ctx, const char *path)
{
	if (path)
		return write_atomically(w, ctx, path);
	ctx->out = stdout;
	write_unlocked(w, ctx);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "memtriage: error: cannot write the report: %s\n", strerror(errno));
		return MT_EXIT_INTERNAL;
	}
	return MT_EXIT_OK;
}

/*
 * --emit-sysctl PATH: one drop-in per host.  A file when the report has one
 * host (or none) and PATH is no directory; else PATH is a directory (made
 * when missing) holding a drop-in for each host with a setting to change,
 * named for the host.  What was written is said on stderr: never a silent
 * nothing.
 */
static int emit_sysctl(struct report_ctx *ctx, const char *path)
{
	const struct model *m = ctx->model;
	struct strbuf file = STRBUF_INIT;
	struct stat st;
	size_t i, written = 0;
	int ret = MT_EXIT_OK;

	if (m->nr_hosts <= 1 && (stat(path, &st) || !S_ISDIR(st.st_mode)))
		return write_atomically(&out_sysctl, ctx, path);
	if (mkdir(path, 0777) && errno != EEXIST) {
		fprintf(stderr, "%s: error: cannot make the directory for the drop-ins: %s\n", path, strerror(errno));
		return MT_EXIT_INTERNAL;
	}
	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: error: the report has %zu hosts, one drop-in each: --emit-sysctl needs a directory\n",
			path, m->nr_hosts);
		return MT_EXIT_USAGE;
	}
	ctx->one_host = true;
	for (i = 0; i < m->nr_hosts && ret == MT_EXIT_OK; i++) {
		if (!host_has_dropin(&ctx->verdicts[i]))
			continue;
		strbuf_reset(&file);
		strbuf_addf(&file, "%s/", path);
		sysctl_dropin_name(&file, m->hosts[i], i);
		ctx->host = i;
		ret = write_atomically(&out_sysctl, ctx, file.buf);
		written++;
	}
	ctx->one_host = false;
	if (ret == MT_EXIT_OK)
		fprintf(stderr, "memtriage: %s: %zu drop-in%s written, one per host with a setting to change (%zu of %zu)\n",
			path, written, written == 1 ? "" : "s", written, m->nr_hosts);
	strbuf_release(&file);
	return ret;
}

/* "/work/x/build/../rules" -> "rules" when under the current directory, for readable messages */
static const char *shorten(char *path, size_t n)
{
	char real[PATH_MAX], cwd[PATH_MAX];
	size_t len;

	if (!realpath(path, real))
		return path;
	if (getcwd(cwd, sizeof(cwd)) && (len = strlen(cwd)) && !strncmp(real, cwd, len) &&
	    real[len] == '/')
		snprintf(path, n, "%s", real + len + 1);
	else
		snprintf(path, n, "%s", real);
	return path;
}

/* A folder at @buf, for the shipped rules; where it was looked for is added to @looked. */
static bool rules_dir_at(char *buf, size_t n, struct strbuf *looked)
{
	struct stat st;

	strbuf_addf(looked, "%s%s", looked->len ? ", " : "", buf);
	if (stat(buf, &st) || !S_ISDIR(st.st_mode))
		return false;
	shorten(buf, n);
	return true;
}

/*
 * The shipped rules: $MEMTRIAGE_RULES_DIR, else rules/ beside a build tree
 * (build/memtriage -> rules/), else the installed share/memtriage/rules.
 * NULL when none is a folder, with where it looked in @looked.
 */
static const char *shipped_rules_dir(const struct mt_env *env, char *buf, size_t n,
				     struct strbuf *looked)
{
	static const char *const beside_exe[] = {
		"../rules",                /* build/memtriage */
		"../../rules",             /* build/asan/memtriage */
		"../share/memtriage/rules", /* an install moved elsewhere */
	};
	char exe[PATH_MAX];
	ssize_t len;
	size_t i;

	if (env->rules_dir) {
		snprintf(buf, n, "%s", env->rules_dir);
		return rules_dir_at(buf, n, looked) ? env->rules_dir : NULL;
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			for (i = 0; i < ARRAY_SIZE(beside_exe); i++) {
				snprintf(buf, n, "%s/%s", exe, beside_exe[i]);
				if (rules_dir_at(buf, n, looked))
					return buf;
			}
		}
	}
	snprintf(buf, n, "%s", MT_RULES_DIR);
	return rules_dir_at(buf, n, looked) ? MT_RULES_DIR : NULL;
}

/*
 * Load the shipped rules (their @sub folder: "fleet" for the history's fleet
 * rules, or NULL) and the site's; the number of errors.  Shipped rules not
 * found are one error, said with where they were looked for.
 */
static size_t load_rules(const struct mt_options *o, struct ruleset *rs, struct diag *d, const char *sub)
{
	char buf[PATH_MAX + 32];
	struct strbuf looked = STRBUF_INIT, path = STRBUF_INIT;
	size_t i, errors = 0;

	rs->no_jit = o->env.no_jit;
	if (!o->no_default_rules) {
		const char *dir = shipped_rules_dir(&o->env, buf, sizeof(buf), &looked);

		if (dir) {
			strbuf_addstr(&path, dir);
			if (sub)
				strbuf_addf(&path, "/%s", sub);
			errors += ruleset_load_path(rs, path.buf, false, d);
		} else {
			fprintf(stderr, "memtriage: error: the shipped rules were not found (looked in %s%s); "
				"set MEMTRIAGE_RULES_DIR to the rules folder, or give --no-default-rules --rules PATH\n",
				o->env.rules_dir ? "MEMTRIAGE_RULES_DIR=" : "", looked.buf);
			errors++;
		}
	}
	for (i = 0; i < o->nr_rules; i++)
		errors += ruleset_load_path(rs, o->rules[i], true, d);
	strbuf_release(&looked);
	strbuf_release(&path);
	return errors;
}

/* --fail-on names the severities in their order, and never after them */
_Static_assert((int)MT_FAIL_ON_INFO == SEV_INFO && (int)MT_FAIL_ON_WARNING == SEV_WARNING &&
		       (int)MT_FAIL_ON_CRITICAL == SEV_CRITICAL && (int)MT_FAIL_ON_NEVER == SEV__COUNT,
	       "enum mt_fail_on follows enum severity");

static int exit_code(const struct mt_options *o, const struct verdict *v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (v[i].worst >= 0 && v[i].worst >= (int)o->fail_on)
			return MT_EXIT_FINDINGS;
	return MT_EXIT_OK;
}

/*
 * A PATH that could not be read, or not to its end (a truncated .gz), when
 * something was: the report covers what was read, and the exit code says the
 * run missed an input (a cron job must not take it for a quiet night).
 */
static int missed_inputs(const struct mt_options *o, size_t missed)
{
	fprintf(stderr, "memtriage: error: %zu of %zu inputs could not be read, or not to their end (see above); "
		"the report covers what was read\n",
		missed, o->nr_paths);
	return MT_EXIT_NO_INPUT;
}

static int analyze(const struct mt_options *o, struct ruleset *rs, struct diag *d,
		   struct state *state)
{
	const struct report_writer *w = o->dump_facts ? &out_facts : report_find(o->format);
	const struct analysis_opts ao = {
		.paths = o->paths, .nr_paths = o->nr_paths, .year = o->year,
		.has_tz = o->has_tz, .tz_off_min = o->tz_off_min, .env = &o->env,
		.filter = { o->host, o->has_since, o->has_until, o->since, o->until },
		.esx = { .vm_map = o->vm_map, .nr_vm_map = o->nr_vm_map }, .state = state, /* .diag: analysis_run()'s */
	};
	struct report_ctx ctx = { 0 };
	struct finding_seen **seen = NULL;
	struct analysis a;
	long fresh = 0;
	int ret;

	analysis_run(&a, rs, &ao, d);
	analysis_report_ctx(&a, &ao, rs, d, &ctx);
	if (state) {
		fresh = history_record(state, &a.model, a.verdicts, rs,
				       o->env.now ? o->env.now : (int64_t)time(NULL), NULL, &seen, d);
		ctx.seen = seen;
	}
	ctx.verbose = o->verbose;
	ctx.color = o->color == MT_COLOR_ALWAYS ||
		    (o->color == MT_COLOR_AUTO && !o->output && isatty(STDOUT_FILENO) && !o->env.no_color);
	ret = exit_code(o, a.verdicts, a.model.nr_hosts);
	if (fresh < 0) {
		ret = MT_EXIT_INTERNAL;
	} else if (!a.files) {
		fprintf(stderr, "memtriage: error: no input could be read\n");
		ret = MT_EXIT_NO_INPUT;
	} else {
		int wr = MT_EXIT_OK;

		/* -q: only findings at --fail-on; with --state, only when one is new tonight.
		 * Never -f jsonl's lines: each is a host's record of the night, and a
		 * fleet's history counts a night without one as a run that did not happen */
		if (!(o->quiet && strcmp(o->format, "jsonl") && (ret == MT_EXIT_OK || (state && !fresh))))
			wr = write_report(w, &ctx, o->output);
		if (wr == MT_EXIT_OK && o->emit_sysctl)
			wr = emit_sysctl(&ctx, o->emit_sysctl);
		if (wr != MT_EXIT_OK)
			ret = wr;
		/* the state moves on only once the report is out: a failed run is run again */
		else if (state && state_save(state, d))
			ret = MT_EXIT_INTERNAL;
		else if (a.paths_missed)
			ret = missed_inputs(o, a.paths_missed);
	}
	history_seen_free(seen, a.model.nr_hosts);
	analysis_release(&a);
	return ret;
}

int mt_run(const struct mt_options *o)
{
	struct ruleset rs;
	struct state state;
	struct diag d;
	int ret;

	if (!report_find(o->format))
		return MT_EXIT_USAGE;
	diag_init(&d, stderr);
	ruleset_init(&rs);
	input_setup(&o->env);
	if (load_rules(o, &rs, &d, NULL)) {
		fprintf(stderr, "memtriage: error: the rules could not be loaded (see above); nothing analyzed\n");
		ret = MT_EXIT_RULES;
	} else if (o->state && state_open(&state, o->state, o->env.state_wait_s, &d)) {
		ret = MT_EXIT_INTERNAL;
		state_close(&state);
	} else {
		ret = analyze(o, &rs, &d, o->state ? &state : NULL);
		if (o->state)
			state_close(&state);
	}
	ruleset_release(&rs);
	diag_release(&d);
	return ret;
}

int mt_rules_command(const struct mt_options *o, enum mt_rules_cmd cmd, const char *arg)
{
	struct ruleset rs;
	struct diag d;
	size_t errors;
	int ret = MT_EXIT_OK;

	diag_init(&d, stderr);
	ruleset_init(&rs);
	if (cmd == MT_CHECK_RULES) {
		struct mt_options only = *o;

		/* the site file is checked with the shipped rules loaded, as it will run */
		errors = load_rules(&only, &rs, &d, NULL);
		errors += ruleset_load_path(&rs, arg, true, &d);
		if (errors)
			fprintf(stderr, "%s: %zu error%s\n", arg, errors, errors == 1 ? "" : "s");
		else
			printf("%s: ok\n", arg);
		ret = errors ? MT_EXIT_RULES : MT_EXIT_OK;
	} else if (load_rules(o, &rs, &d, NULL)) {
		ret = MT_EXIT_RULES;
	} else if (cmd == MT_LIST_RULES) {
		rules_list(stdout, &rs);
	} else {
		const struct rule *r = ruleset_find(&rs, arg);

		if (!r) {
			fprintf(stderr, "memtriage: error: no rule '%s'; see --list-rules\n", arg);
			ret = MT_EXIT_USAGE;
		} else {
			rule_explain(stdout, r);
		}
	}
	ruleset_release(&rs);
	diag_release(&d);
	return ret;
}

void mt_list_facts(FILE *out)
{
	facts_list(out);
}

bool mt_format_known(const char *name)
{
	return report_find(name) != NULL;
}

void mt_format_names(char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;

	report_names(&sb);
	snprintf(buf, size, "%s", sb.buf);
	strbuf_release(&sb);
}

bool mt_parse_date(const char *arg, int tz_off_min, int64_t *epoch)
{
	return parse_user_time(arg, tz_off_min, epoch);
}

bool mt_parse_tz(const char *arg, int *off_min)
{
	return parse_utc_offset(arg, arg + strlen(arg), off_min);
}

bool mt_parse_year(const char *arg, int *year)
{
	int64_t v;

	if (!parse_i64(arg, &v) || v < 1970 || v > 9999)
		return false;
	*year = (int)v;
	return true;
}

static const char *const history_formats[] = { "text", "json", "markdown", "html" };

/*
 * A hypervisor capture given to --import: its VMs paired with the history's
 * guests (by name, or --vm), whose own runs had no capture to pair them.
 */
static int import_capture(const struct mt_options *o, const struct ruleset *rs, struct state *st,
			  const char *path, struct diag *d)
{
	const struct analysis_opts ao = {
		.paths = &path, .nr_paths = 1, .env = &o->env,
		.esx = { .vm_map = o->vm_map, .nr_vm_map = o->nr_vm_map },
	};
	struct strbuf said = STRBUF_INIT;
	struct analysis a;
	struct diag quiet;
	long n = -1;
	size_t i;

	/* what the capture alone says of pairing with guests is not the import's:
	 * only the errors of reading it are said */
	diag_init(&quiet, NULL);
	analysis_run(&a, rs, &ao, &quiet);
	for (i = 0; i < quiet.nr; i++)
		if (quiet.msgs[i].level == DIAG_ERROR)
			diag_error(d, quiet.msgs[i].input, quiet.msgs[i].line, "%s", quiet.msgs[i].text);
	diag_release(&quiet);
	if (!a.model.nr_captures)
		diag_error(d, path, 0, "neither memtriage's JSON Lines (-f jsonl) nor a hypervisor capture; nothing imported");
	else
		n = history_import_guests(st, &a.model, o->vm_map, o->nr_vm_map, path, &said, d);
	if (n >= 0 && !o->quiet)
		fprintf(stderr, "memtriage: %s: %ld VM%s paired with guests (%s)\n", path, n, n == 1 ? "" : "s",
			said.buf);
	strbuf_release(&said);
	analysis_release(&a);
	return n < 0 ? MT_EXIT_NO_INPUT : MT_EXIT_OK;
}

static int history_imports(const struct mt_options *o, const struct ruleset *rs, struct diag *d)
{
	struct state st;
	size_t i;
	int ret = MT_EXIT_OK;

	if (state_open(&st, o->state, o->env.state_wait_s, d)) {
		state_close(&st);
		return MT_EXIT_INTERNAL;
	}
	for (i = 0; ret == MT_EXIT_OK && i < o->nr_imports; i++) {
		long n;

		if (!history_is_jsonl(o->imports[i])) {
			ret = import_capture(o, rs, &st, o->imports[i], d);
			continue;
		}
		n = history_import(&st, o->imports[i], d);
		if (n < 0)
			ret = MT_EXIT_NO_INPUT;
		else if (!o->quiet)
			fprintf(stderr, "memtriage: %s: %ld host%s imported\n", o->imports[i], n, n == 1 ? "" : "s");
	}
	/* a file that fails leaves the database as it was: the files are imported together */
	if (ret == MT_EXIT_OK && state_commit(&st, d))
		ret = MT_EXIT_INTERNAL;
	state_close(&st);
	return ret;
}

int mt_history(const struct mt_options *o)
{
	const struct history_query hq = { o->host, o->has_since, o->since, o->format };
	struct ruleset rs;
	struct state st;
	struct diag d;
	size_t i;
	int ret = MT_EXIT_OK;
	FILE *out = stdout;

	for (i = 0; i < ARRAY_SIZE(history_formats) && strcmp(o->format, history_formats[i]); i++)
		;
	if (i == ARRAY_SIZE(history_formats)) {
		fprintf(stderr, "memtriage: error: history is shown as text, json, markdown or html, not '%s'\n",
			o->format);
		return MT_EXIT_USAGE;
	}
	if (!o->state) {
		fprintf(stderr, "memtriage: error: history needs --state FILE, the database to read\n");
		return MT_EXIT_USAGE;
	}
	diag_init(&d, stderr);
	ruleset_init(&rs);
	if (load_rules(o, &rs, &d, "fleet")) {
		fprintf(stderr, "memtriage: error: the rules have errors (see above); nothing shown\n");
		ret = MT_EXIT_RULES;
	} else if (o->nr_imports) {
		ret = history_imports(o, &rs, &d);
	}
	if (ret == MT_EXIT_OK && !(o->quiet && o->nr_imports)) {
		if (state_open_read(&st, o->state, o->env.state_wait_s, &d))
			ret = MT_EXIT_INTERNAL;
		else if (o->output && !(out = fopen(o->output, "w")))
			ret = diag_error(&d, o->output, 0, "cannot write it: %s", strerror(errno)) ? MT_EXIT_INTERNAL : 0;
		else if (history_show(&st, &hq, &rs, out, &d) || fflush(out) || ferror(out))
			ret = MT_EXIT_INTERNAL;
		if (out && out != stdout)
			fclose(out);
		state_close(&st);
	}
	ruleset_release(&rs);
	diag_release(&d);
	return ret;
}
