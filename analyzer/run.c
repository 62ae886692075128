/* One run: inputs -> model -> report. */
#include "memtriage.h"
#include "log/logscan.h"
#include "snapshot/snapshot.h"
#include "report/report.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <unistd.h>

/* Write to a temporary file beside FILE, then rename: never a half report. */
static int write_report(const struct report_writer *w, struct report_ctx *ctx, const char *path)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd, ret = MT_EXIT_OK;
	FILE *f;

	if (!path) {
		ctx->out = stdout;
		w->write(ctx);
		if (fflush(stdout) || ferror(stdout)) {
			fprintf(stderr, "memtriage: error: cannot write the report: %s\n", strerror(errno));
			return MT_EXIT_INTERNAL;
		}
		return MT_EXIT_OK;
	}
	strbuf_addf(&tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		strbuf_release(&tmp);
		return MT_EXIT_INTERNAL;
	}
	ctx->out = f;
	w->write(ctx);
	if (fflush(f) || ferror(f) || fsync(fd) || fclose(f)) {
		fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
		unlink(tmp.buf);
		ret = MT_EXIT_INTERNAL;
	} else if (rename(tmp.buf, path)) {
		fprintf(stderr, "%s: error: cannot write: %s\n", path, strerror(errno));
		unlink(tmp.buf);
		ret = MT_EXIT_INTERNAL;
	}
	strbuf_release(&tmp);
	return ret;
}

int mt_run(const struct mt_options *o)
{
	const struct report_writer *w = o->dump_facts ? &out_facts : report_find(o->format);
	struct logscan_opts lo = { o->has_tz, o->tz_off_min };
	struct model_filter f = { o->host, o->has_since, o->has_until, o->since, o->until };
	struct report_ctx ctx = { 0 };
	struct model m;
	struct diag d;
	struct logscan ls;
	struct collector col;
	size_t i, files = 0;
	int ret;

	if (!w)
		return MT_EXIT_USAGE;
	model_init(&m);
	diag_init(&d, stderr);
	logscan_init(&ls, &m, &d, &lo);
	collector_init(&col, &m, &d, &ls);
	m.year = o->year;
	for (i = 0; i < o->nr_paths; i++)
		model_add_unit(&m, o->paths[i]);
	for (i = 0; i < o->nr_paths; i++)
		files += input_walk(o->paths[i], (unsigned)i, &col.sink, &d);
	collector_finish(&col);
	model_finish(&m, &f);

	ctx.model = &m;
	ctx.diag = &d;
	ctx.inputs = o->paths;
	ctx.nr_inputs = o->nr_paths;
	ctx.files_read = files;
	ctx.verbose = o->verbose;
	if (!files) {
		fprintf(stderr, "memtriage: error: no input could be read\n");
		ret = MT_EXIT_NO_INPUT;
	} else if (o->quiet) {
		/* no finding is possible before rules exist, so a quiet run prints nothing */
		ret = MT_EXIT_OK;
	} else {
		ret = write_report(w, &ctx, o->output);
	}
	collector_release(&col);
	logscan_release(&ls);
	diag_release(&d);
	model_release(&m);
	return ret;
}
