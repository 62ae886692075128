/*
 * Wall-clock times as logs print them.  No libc time zone functions: the
 * output must not depend on the machine memtriage runs on.
 */
#ifndef MT_TIMEUTIL_H
#define MT_TIMEUTIL_H

#include "util/common.h"
#include "util/strbuf.h"

/*
 * Where a stamp's year came from: printed in it, or for the formats that omit
 * it (syslog), the one its log's last line is dated from (see model.c).
 */
enum mt_year_from {
	MT_YEAR_LOG,         /* the log printed it */
	MT_YEAR_OPTION,      /* --year */
	MT_YEAR_SNAPSHOT,    /* the date its snapshot was collected */
	MT_YEAR_MTIME,       /* its file's mtime: a guess */
	MT_YEAR_READ,        /* the time it was read (a pipe): a guess */
	MT_YEAR__COUNT
};

/** "log", "option", "snapshot", "mtime", "read": the JSON names. */
extern const char *const mt_year_from_names[MT_YEAR__COUNT];

struct mt_time {
	bool valid;
	bool has_off;        /* the log printed a UTC offset */
	int16_t off_min;     /* minutes east of UTC, when has_off */
	int year;            /* 0 until resolved, for formats that omit it */
	unsigned mon, day, hour, min, sec;
	int32_t usec;        /* -1 when the log printed whole seconds */
	unsigned rollover;   /* Dec->Jan turns seen before this line in its stream */
	enum mt_year_from year_from; /* where year came from, once resolved */
	bool year_floored;   /* walked back past MT_FIRST_YEAR and stopped there */
};

/** The first year a Linux kernel printed a log line: no stamp is guessed older. */
#define MT_FIRST_YEAR 1991

/** true when @t's year was guessed (a file's mtime, the time of reading, a walk stopped). */
bool mt_year_guessed(const struct mt_time *t);

int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
bool is_leap_year(int y);
/** 28 to 31: the days of month @m (1..12) of year @y. */
unsigned days_in_month(int y, unsigned m);
/** 1..12 for an English or localised month name or abbreviation, else 0. */
unsigned month_from_name(const char *p, size_t len);
/** Seconds since the epoch (UTC when the offset is known); false if the year is unknown. */
bool mt_time_epoch(const struct mt_time *t, int64_t *out);
/** ISO 8601: 2026-03-14T02:11:05[.123456][+01:00]. */
void mt_time_format(const struct mt_time *t, struct strbuf *sb);
/** The same, with a "?" after a year that was @guessed: "2026?-03-14T02:11:05". */
void mt_time_format_marked(const struct mt_time *t, bool guessed, struct strbuf *sb);
/** Set @t from epoch seconds as UTC wall time shifted by @off_min. */
void mt_time_from_epoch(struct mt_time *t, int64_t epoch, int32_t usec, int off_min, bool has_off);
/**
 * Parse "+01:00", "+0100", "-05", "Z" or "UTC" into minutes east of UTC.
 * Returns false on anything else.
 */
bool parse_utc_offset(const char *p, const char *end, int *off_min);
/**
 * The offset a zone abbreviation stands for, as the tz database prints them
 * ("PDT", "CEST", "AEST"): 1 and *off_min when it names one offset, -1 and
 * *which (the offsets it may be, for a message; static) when it names
 * several ("IST": India, Israel or Ireland), 0 when it is not known.
 */
int tz_abbrev_offset(const char *p, size_t len, int *off_min, const char **which);
/**
 * Parse a user's date: "2026-03-14", "2026-03-14T02:11", "2026-03-14 02:11:05",
 * with an optional offset; missing offset means @default_off.
 */
bool parse_user_time(const char *s, int default_off, int64_t *epoch);

#endif
