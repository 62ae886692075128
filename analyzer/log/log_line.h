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
