/*
 * The userspace OOM killers, which on many modern hosts act before the
 * kernel does: systemd-oomd, earlyoom, Facebook's oomd and Android's lmkd
 * (and the lowmemorykiller driver of Android kernels).  Each kill they log
 * becomes an oom_event of type OOM_USERSPACE_KILL: the killer, the victim,
 * the killer's reason and its pressure or threshold figures.  Fed the lines
 * of ONE host in order, like the kernel's reconstructor (oom_parse.h).
 */
#ifndef MT_USERSPACE_KILL_H
#define MT_USERSPACE_KILL_H

#include "oom/oom_parse.h"

/* One candidate of systemd-oomd's dump before a kill ("Path: /system.slice/x.service"). */
struct uk_candidate {
	char *path;
	int64_t usage_kb;            /* "Current Memory Usage: 276.9M" */
	int64_t avg10_x100;          /* "Pressure: Avg10: 93.66", in hundredths of a percent */
};

struct uk_parser {
	const char *host;            /* interned, copied into each event */
	oom_emit_fn emit;
	void *ctx;
	/* systemd-oomd's last candidate dump, until its kill line */
	struct uk_candidate *cands;
	size_t nr_cands, alloc_cands;
	int64_t considered;          /* "Considered 60 cgroups for killing" */
	/* earlyoom's last status and limits lines, until its kill line */
	struct kv_list earlyoom;
	/* the lowmemorykiller driver's report, whose lines after the first are continuations */
	struct oom_event *lmk;
};

void uk_parser_init(struct uk_parser *p, const char *host, oom_emit_fn emit, void *ctx);
/**
 * One line: @prog its program tag ("systemd-oomd"; empty when the prefix
 * gives none, then a killer's tag inside the text is looked for), @l the
 * text after the prefix.  True when it was a userspace killer's line.
 */
bool uk_parser_line(struct uk_parser *p, struct span prog, const struct oom_line *l);
/** Whether a report is open whose next lines may be its continuations (the lowmemorykiller driver's). */
bool uk_parser_open(const struct uk_parser *p);
/** The log ended: a report still open is handed over. */
void uk_parser_finish(struct uk_parser *p);
void uk_parser_release(struct uk_parser *p);

/** A literal in every line of a killer (for the prefilter); NULL-terminated. */
extern const char *const uk_literals[];
/** Whether @text holds one of uk_literals (a line the prefilter must not pass over). */
bool uk_line_may_matter(struct span text);

#endif
