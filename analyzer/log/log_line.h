/*
 * One log line taken apart: the prefix a logger put in front of the kernel's
 * text (syslog, RFC 3339, dmesg, dmesg -T, journalctl, svlogd, journal JSON)
 * and the text itself.  Spans point into the caller's line buffer.
 */
#ifndef MT_LOG_LINE_H
#define MT_LOG_LINE_H

#include "util/scan.h"
#include "util/strbuf.h"
#include "util/timeutil.h"

enum log_format {
	LOG_NONE,      /* no prefix: a paste, or a continuation line */
	LOG_RFC3164,   /* "Mar 14 02:11:05 host kernel: ..." (also journalctl short[-precise]) */
	LOG_RFC3339,   /* "2026-03-14T02:11:05.123456+01:00 host kernel: ..." (also short-iso) */
	LOG_SVLOGD,    /* "2005-05-17_10:24:16.76726 kern.info: ..." */
	LOG_DMESG,     /* "[ 1234.567890] ..." */
	LOG_DMESG_T,   /* "[Fri Jan 15 08:35:34 2021] ...", any locale */
	LOG_JOURNAL,   /* journalctl -o json, one object a line */
	LOG__COUNT
};

struct log_line {
	enum log_format fmt;
	struct span text;      /* the message, every prefix removed */
	struct span host;      /* empty when the format carries none */
	struct span prog;      /* "kernel", "systemd"...; empty when none */
	struct mt_time time;   /* valid=false when the line has no wall-clock time */
	bool has_uptime;
	uint64_t uptime_us;    /* the kernel's own "[ 1234.567890]" stamp */
};

extern const char *const log_format_names[LOG__COUNT];

/**
 * Take the prefix of one line apart.  Never fails: a line with no prefix it
 * knows is returned whole as text with fmt LOG_NONE.
 */
void log_parse_line(const char *p, size_t len, struct log_line *out);

/*
 * A prefix of a shape log_parse_line() does not know (a "kernel:" glued to
 * the text, "<kern.warning> " before the date, a log viewer's own columns),
 * learned from the first line of an OOM report, whose text is known ("COMM
 * invoked oom-killer:", "Out of memory"): whatever stands before it is the
 * prefix, and the report's other lines carry the same.  Its shape is kept,
 * not its bytes: a run of digits stands for any digits, after any blanks
 * (clocks and uptime stamps tick within a report, and printk pads its stamp
 * to a width: "[ 876439.1]", "[3876439.1]"), blanks for any blanks, a
 * month's name for any month's (a report across midnight on Dec 31).
 */
#define LOG_MAX_LEARNED_PREFIX 256

struct learned_prefix {
	char shape[LOG_MAX_LEARNED_PREFIX];
	size_t len;                  /* 0: none learned */
};

/**
 * From @text, a line's text after the prefixes log_parse_line() knows: when
 * it is a report's first line with more in front, learn that and take it
 * off @text (@lp->len 0 when there is nothing in front).  Returns false, with
 * @lp untouched, when @text is no report's first line.
 */
bool log_prefix_learn(struct learned_prefix *lp, struct span *text);
/** What a line must hold for log_prefix_learn() to take it (NULL-terminated): a line without one is no report's first. */
extern const char *const log_prefix_start_literals[];
/** Take the prefix @lp learned off @text when @text begins with its shape; false when it does not. */
bool log_prefix_strip(const struct learned_prefix *lp, struct span *text);
/**
 * A line log_parse_line() took no prefix from, holding a report's first
 * line (@p, @len), whose columns in front of the report's text end in ones
 * it knows ("<kern.warning> Dec 29 14:37:13 app01 kernel: [ 3.1] java
 * invoked oom-killer:", grep -H's "messages:Dec 29 ..."): learn what stands
 * before the known columns into @lp.  False, @lp untouched, when none do.
 */
bool log_prefix_learn_outer(struct learned_prefix *lp, const char *p, size_t len);
/**
 * log_parse_line() of a line whose prefix it does not know: the prefix
 * log_prefix_learn_outer() learned taken off, the rest parsed.  False, @out
 * untouched, when the line does not begin with it or what follows is no
 * known prefix.
 */
bool log_parse_after(const struct learned_prefix *lp, const char *p, size_t len, struct log_line *out);
/**
 * Whether a line log_parse_line() took no prefix from is a program's line
 * of a known shape after a column of another ("<daemon.info> Mar  1
 * 10:00:00 web01 sshd[1]: ...", "messages:Mar  1 ..."): a log whose lines
 * log_prefix_learn_outer() can learn to read.
 */
bool log_line_tagged_after_column(const char *p, size_t len);
/** The kernel's "[ 1234.567890]" stamp that ends a learned prefix @prefix, if any. */
bool log_prefix_uptime(struct span prefix, uint64_t *us);

/** True for lines the kernel wrote (program "kernel", or no program at all). */
bool log_line_is_kernel(const struct log_line *l);

/**
 * One "journalctl -o json" object.  The decoded MESSAGE, host and program
 * are stored in @scratch, which the spans of @out point into.  Returns false
 * (with @why set) when the line is not a journal record.
 */
bool journal_parse_line(const char *p, size_t len, struct strbuf *scratch,
			struct log_line *out, const char **why);

#endif
