/*
 * The router of every input file: a file that a snapshot source knows
 * (proc/meminfo, sos_commands/kernel/sysctl_-a ...) becomes facts of its
 * snapshot; a snapshot's kernel logs and any other text file go through the
 * log pipeline.  The snapshot root is wherever the known path begins, so a
 * sosreport inside a folder of sosreports, or a tarball's top directory,
 * each make a snapshot of their own.
 */
#ifndef MT_ROUTE_H
#define MT_ROUTE_H

#include "log/logscan.h"
#include "sources/source.h"

struct held {
	const struct source *src;
	struct snapshot *snap;
	struct held_file f;
};

/* A file no reader took: its name (interned), and why, in words. */
struct unread_file {
	const char *name;
	const char *why;
};

/* It is the stream_sink input_walk() feeds, and hands each log to the log pipeline. */
struct router {
	struct model *model;
	struct diag *diag;
	struct logscan *logs;
	struct stream_sink sink;     /* what input_walk() feeds */
	unsigned origin;             /* the PATH argument being walked */
	struct held *held;           /* files applied at the end (sysctl.d) */
	size_t nr_held, alloc_held;
	size_t sources_read;
	/* files not read, each said at the end with why, unless it lies in a snapshot */
	struct unread_file *unread;
	size_t nr_unread, alloc_unread;
};

void router_init(struct router *c, struct model *m, struct diag *d, struct logscan *ls);
/** Every input is read: apply held files, derive facts, name each snapshot's host. */
void router_finish(struct router *c);
void router_release(struct router *c);

/** Where a snapshot begins in @rel, when a known path ends it; -1 otherwise.  For tests. */
long snapshot_anchor(const char *rel, const struct source **src, bool *is_log);

#endif
