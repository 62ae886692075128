/*
 * The OOM report reconstructor: fed the kernel lines of ONE host in order,
 * it rebuilds every report (OOM kill, OOM panic, allocation failure) into an
 * oom_event and hands it over when the report ends.  It knows the formats of
 * kernels 2.6.9 to 6.x; see FORMATS in docs/ and the comment of each handler.
 */
#ifndef MT_OOM_PARSE_H
#define MT_OOM_PARSE_H

#include "oom/oom_event.h"
#include "util/scan.h"

/* One kernel line as the reconstructor sees it. */
struct oom_line {
	struct span text;            /* the kernel's text, logger prefix removed */
	struct src_loc src;
	const struct mt_time *time;  /* may be NULL or invalid */
	bool has_uptime;
	uint64_t uptime_us;
	uint64_t off;                /* byte offset of the line in its file */
	/*
	 * What the reader's literal search found in the line, when it searched
	 * it (lits_known): bit i of report_lits, oom_report_literals[i]; of
	 * killer_lits, uk_literals[i].  A literal of the text is in them; one of
	 * them may be only in the line's prefix.
	 */
	bool lits_known;
	uint64_t report_lits, killer_lits;
};

/** A new event of @type that begins at line @l of @host's log (its place, time and uptime). */
struct oom_event *oom_event_at(enum oom_type type, const char *host, const struct oom_line *l);

/* Receives each finished event; takes ownership of it. */
typedef void (*oom_emit_fn)(void *ctx, struct oom_event *e);
/* Receives each note (struct oom_note); takes ownership of it. */
typedef void (*oom_note_fn)(void *ctx, struct oom_note *n);

enum oom_last { LAST_NONE, LAST_HEADER, LAST_CPU, LAST_NODE, LAST_ZONE, LAST_BUDDY, LAST_COUNTERS,
		LAST_MEMCG_STATS, LAST_KILLED };

#define OOM_RECENT 4

/*
 * Rows of a task table whose header line is not in the log (the log begins
 * inside the table): held until a kill line whose pid is among them says
 * whose table they are (see h_loose_row()).
 */
struct oom_loose_rows {
	struct oom_task_table rows;
	size_t nr;
	size_t dropped;              /* rows beyond MT_MAX_TASKS */
	size_t ncols;                /* the numbers of each row, its pid first */
	struct src_loc last;         /* the last row's line */
	bool wide_pid;               /* a pid padded to 7 places ("[%7d]", 4.19+) */
};

struct oom_parser {
	const char *host;            /* interned, copied into each event */
	oom_emit_fn emit;
	void *ctx;
	struct oom_event *cur;       /* the report being read, or NULL */
	struct oom_event *recent[OOM_RECENT]; /* finished, not yet handed over: late oom_reaper lines */
	unsigned nr_recent;
	enum oom_last last;          /* what the previous line was, for wrapped lines */
	size_t last_node;            /* LAST_NODE: which node's line it was */
	unsigned foreign_run;        /* other lines in a row inside the current report */
	unsigned lines;              /* lines the current report spans */
	bool victim_comm_pending;    /* "Killed process N" wrapped before "(comm)" */
	bool trailer_seen;           /* the memory dump's closing lines were read */
	struct src_loc line_src;     /* the line being read */

	/* lines about the reports that come before them (see mark_opened()) */
	oom_note_fn note;            /* NULL: notes are dropped */
	struct oom_note *suppressed; /* a rate limit's count, until it is known whether a report follows */
	struct src_loc sysrq_at;     /* the last "Manual OOM execution" line; line 0: none */
	struct oom_note panicked;    /* the last panic not for memory: where, when, why (NULL: none) */
	struct oom_loose_rows loose;
};

void oom_parser_init(struct oom_parser *p, const char *host, oom_emit_fn emit, void *ctx);
/** Hand each note to @note (with the ctx of oom_parser_init) instead of dropping it. */
void oom_parser_notes(struct oom_parser *p, oom_note_fn note);
void oom_parser_line(struct oom_parser *p, const struct oom_line *l);
/** The log ended: hand over the report still open, marked incomplete, and the last note. */
void oom_parser_finish(struct oom_parser *p);
/** The report still open, taken back (caller frees it), for --state to finish next time. */
struct oom_event *oom_parser_take_open(struct oom_parser *p);

/** The literals, one of which is in every line that may start a report; NULL-terminated. */
extern const char *const oom_report_literals[];
/** Quick test: can this line start or continue a report?  Used to skip most lines fast. */
bool oom_line_may_start(struct span text);

#endif
