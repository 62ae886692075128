/* One run: rules -> inputs -> model -> verdicts -> report. */
#include "memtriage.h"
#include "analysis.h"
#include "history.h"
#include "input/state.h"
#include "util/scan.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <stdio_ext.h>
#include <unistd.h>

/*
 * One thread writes the report, a character at a time in places: no lock
 * around each call (a quarter of the time of writing a large one).
 */
static void write_unlocked(const struct report_writer *w, struct report_ctx *ctx)
{
	__fsetlocking(ctx->out, FSETLOCKING_BYCALLER);
	w->write(ctx);
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

/*
 * The shipped rules: $MEMTRIAGE_RULES_DIR, else rules/ beside a build tree
 * (build/memtriage -> rules/), else the installed share/memtriage/rules.
 */
static const char *shipped_rules_dir(const struct mt_env *env, char *buf, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len;
	struct stat st;

	if (env->rules_dir)
		return env->rules_dir;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, n, "%s/../rules", exe);
			if (!stat(buf, &st) && S_ISDIR(st.st_mode))
				return shorten(buf, n);
			snprintf(buf, n, "%s/../../rules", exe); /* build/asan/memtriage */
			if (!stat(buf, &st) && S_ISDIR(st.st_mode))
				return shorten(buf, n);
			snprintf(buf, n, "%s/../share/memtriage/rules", exe); /* an install moved elsewhere */
			if (!stat(buf, &st) && S_ISDIR(st.st_mode))
				return shorten(buf, n);
		}
	}
	return MT_RULES_DIR;
}

/* Load the shipped rules and the site's; the number of errors. */
static size_t load_rules(const struct mt_options *o, struct ruleset *rs, struct diag *d)
{
	char buf[PATH_MAX + 32];
	size_t i, errors = 0;

	rs->no_jit = o->env.no_jit;
	if (!o->no_default_rules)
		errors += ruleset_load_path(rs, shipped_rules_dir(&o->env, buf, sizeof(buf)), false, d);
	for (i = 0; i < o->nr_rules; i++)
		errors += ruleset_load_path(rs, o->rules[i], true, d);
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

static int analyze(const struct mt_options *o, struct ruleset *rs, struct diag *d,
		   struct state *state)
{
	const struct report_writer *w = o->dump_facts ? &out_facts : report_find(o->format);
	const struct analysis_opts ao = {
		.paths = o->paths, .nr_paths = o->nr_paths, .year = o->year,
		.has_tz = o->has_tz, .tz_off_min = o->tz_off_min, .env = &o->env,
		.filter = { o->host, o->has_since, o->has_until, o->since, o->until },
		.esx = { o->vm_map, o->nr_vm_map }, .state = state,
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

		/* -q: only findings at --fail-on; with --state, only when one is new tonight */
		if (!(o->quiet && (ret == MT_EXIT_OK || (state && !fresh))))
			wr = write_report(w, &ctx, o->output);
		if (wr == MT_EXIT_OK && o->emit_sysctl)
			wr = write_atomically(&out_sysctl, &ctx, o->emit_sysctl);
		if (wr != MT_EXIT_OK)
			ret = wr;
		/* the state moves on only once the report is out: a failed run is run again */
		else if (state && state_save(state, d))
			ret = MT_EXIT_INTERNAL;
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
	if (load_rules(o, &rs, &d)) {
		fprintf(stderr, "memtriage: error: the rules have errors (see above); nothing analyzed\n");
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
		errors = load_rules(&only, &rs, &d);
		errors += ruleset_load_path(&rs, arg, true, &d);
		if (errors)
			fprintf(stderr, "%s: %zu error%s\n", arg, errors, errors == 1 ? "" : "s");
		else
			printf("%s: ok\n", arg);
		ret = errors ? MT_EXIT_RULES : MT_EXIT_OK;
	} else if (load_rules(o, &rs, &d)) {
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

/* The fleet rules (rules/fleet/) and the site's; the number of errors. */
static size_t load_fleet_rules(const struct mt_options *o, struct ruleset *rs, struct diag *d)
{
	char buf[PATH_MAX + 32];
	struct strbuf dir = STRBUF_INIT;
	size_t i, errors = 0;

	rs->no_jit = o->env.no_jit;
	if (!o->no_default_rules) {
		strbuf_addf(&dir, "%s/fleet", shipped_rules_dir(&o->env, buf, sizeof(buf)));
		errors += ruleset_load_path(rs, dir.buf, false, d);
	}
	for (i = 0; i < o->nr_rules; i++)
		errors += ruleset_load_path(rs, o->rules[i], true, d);
	strbuf_release(&dir);
	return errors;
}

static const char *const history_formats[] = { "text", "json", "markdown", "html" };

static int history_imports(const struct mt_options *o, struct diag *d)
{
	struct state st;
	size_t i;
	int ret = MT_EXIT_OK;

	if (state_open(&st, o->state, o->env.state_wait_s, d)) {
		state_close(&st);
		return MT_EXIT_INTERNAL;
	}
	for (i = 0; ret == MT_EXIT_OK && i < o->nr_imports; i++) {
		long n = history_import(&st, o->imports[i], d);

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
	if (load_fleet_rules(o, &rs, &d)) {
		fprintf(stderr, "memtriage: error: the rules have errors (see above); nothing shown\n");
		ret = MT_EXIT_RULES;
	} else if (o->nr_imports) {
		ret = history_imports(o, &d);
	}
	if (ret == MT_EXIT_OK && !(o->quiet && o->nr_imports)) {
		if (state_open_read(&st, o->state, &d))
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
