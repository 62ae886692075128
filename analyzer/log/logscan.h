/*
 * The log pipeline: reads the lines of each stream's logs (the router hands
 * it every file that is a log), takes their prefixes apart, keeps each host's lines apart and feeds the kernel
 * lines of each host to its own OOM report reconstructor.
 */
#ifndef MT_LOGSCAN_H
#define MT_LOGSCAN_H

#include "util/env.h"
#include "input/input.h"
#include "log/log_line.h"
#include "log/prefilter.h"
#include "log/readahead.h"
#include "model/model.h"
#include "oom/oom_parse.h"
#include "oom/userspace_kill.h"
#include "util/ptrmap.h"

/*
 * What every line's text is matched against, handed in from above (run.c
 * wires the rules' log regexes in).  The log pipeline knows nothing of what
 * the patterns are for nor what a match does, only that each pattern needs
 * its literal in a line to match it, which lets the prefilter pass over the
 * lines without.
 */
struct line_matcher {
	size_t nr;                   /* patterns; 0: lines are not matched */
	/* pattern @i's literal, or its alternatives' separated by '\n' (valid while the matcher is), or NULL: it may match any line */
	const char *(*literal)(void *ctx, size_t i, bool *caseless);
	/*
	 * Each line's text, with the patterns that may match it (may[i] != 0), and
	 * whose it is: the host named @host (NULL: the unnamed host of @unit)
	 */
	void (*match)(void *ctx, struct span text, const unsigned char *may,
		      const struct src_loc *src, const char *host, unsigned unit);
	/* whether any pattern matches @text (MEMTRIAGE_PREFILTER=check), nothing else done */
	bool (*matches_any)(void *ctx, struct span text);
	void *ctx;
};

struct logscan_opts {
	struct line_matcher matcher;
	bool has_tz;
	int tz_off_min;              /* the logs' zone when they print none (--tz) */
	const struct mt_env *env;    /* the prefilter's mode, when to read ahead on a thread */
};

/* --state: what of a file the last run reported (see struct input_file). */
struct seen_window {
	const char *file;            /* interned */
	uint64_t until;
	uint64_t held[8];
	size_t nr_held;
};

struct host_stream {
	const char *host;            /* interned or NULL */
	struct oom_parser parser;
	struct uk_parser uk;         /* the userspace killers' lines */
	struct learned_prefix prefix; /* of the open report's first line, when of a shape not known */
};

/* Each host's lines of the stream, to its own OOM report reconstructor. */
struct host_streams {
	struct host_stream *at;
	size_t nr, alloc;
	struct ptrmap of;            /* host name -> index in at */
	size_t last;                 /* the one the last line went to */
	size_t open_reports;         /* streams with a report open: every line is read */
};

/* Guessing the year of the stamps that have none (see SAMPLE_EVERY). */
struct year_guess {
	struct oom_event **pending;  /* events of this stream whose year is still unknown */
	size_t nr_pending, alloc_pending;
	struct oom_note **pending_notes; /* notes of this stream, likewise */
	size_t nr_pending_notes, alloc_pending_notes;
	int64_t newest_mtime;
	unsigned rollovers;          /* Dec->Jan turns in this stream so far */
	unsigned last_mon, last_day;
	uint64_t next_sample;        /* file offset: the first line at or after it is a sample */
};

/* The previous line with a prefix: continuation lines belong to it. */
struct continuation {
	const char *host;
	bool kernel;
	struct mt_time time;
	bool has_uptime;
	uint64_t uptime;
};

/* The line being read. */
struct line_at {
	uint64_t off, end;           /* byte offsets of the line, and of the next */
	bool nuls;                   /* NULs were taken out of it */
	struct span bytes;           /* as read: the text fed is within it, but for a journal record's */
	bool lits_known;             /* read through the prefilter, whose hits in it are own_lits */
	uint64_t own_lits;           /* bit i: the reader's own literal i (prefilter_build()) is in it */
	struct strbuf journal;       /* a journal record's fields, decoded */
	struct strbuf tagged;        /* a journal line's "prog: message", for the matcher */
	unsigned char *may_match;    /* per pattern of the matcher: may it match this line */
	struct learned_prefix outer; /* columns of this file before the prefix log_parse_line() knows */
};

/* Passing over the lines that cannot matter (see prefilter.h). */
struct pass_over {
	struct prefilter *pf;        /* of the file read now; NULL: every line is read in full */
	struct prefilter *plain;     /* for logs */
	struct prefilter *journal;   /* for journal exports (built when one is read) */
	struct pf_literal *required; /* the literal of each of the matcher's patterns */
	struct pf_hits hits;         /* of the file read now, with its newlines */
	unsigned first_lineno;       /* lines before its first byte read (--state) */
	struct readahead ra;
	uint64_t thread_after;       /* read ahead on another thread once a stream is this long */
	bool check;                  /* MEMTRIAGE_PREFILTER=check: take them apart anyway, and check */
	unsigned killers_at, machine_at; /* the bits of uk_literals and of the machine's names in own_lits */
	unsigned starts_at;          /* and of log_prefix_start_literals */
	unsigned nr_own_lits;        /* how many literals line.own_lits tells of: those above, in this order */
};

/* --state: the stream's files read under it, and where a report open at the end is held. */
struct state_windows {
	struct seen_window *at;
	size_t nr, alloc;
	struct state_file *last_sf;  /* the stream's last file */
	const char *last_file;
	bool last_hold;
};

struct logscan {
	struct model *model;
	struct diag *diag;
	struct logscan_opts opts;
	unsigned unit;               /* the model unit the stream's unnamed lines belong to, per file */
	struct host_streams streams;
	struct year_guess year;
	struct continuation cont;
	struct line_at line;
	struct pass_over pass;
	struct state_windows seen;
	size_t lines;                /* log lines read, most of them only counted */
};

void logscan_init(struct logscan *ls, struct model *m, struct diag *d,
		  const struct logscan_opts *opts);
void logscan_release(struct logscan *ls);

/** A stream begins (see struct stream_sink); @origin is its PATH argument. */
void logscan_begin_stream(struct logscan *ls, unsigned origin);
/** Read one log of the stream; its unnamed lines belong to model unit @unit. */
void logscan_read_log(struct logscan *ls, const struct input_file *f, unsigned unit);
/** The stream is over: reports still open are finished, the years of its stamps guessed. */
void logscan_end_stream(struct logscan *ls);

#endif
