/*
 * Time zone rules from a TZif file (tzfile(5)): the system's tz database
 * (/usr/share/zoneinfo/America/Los_Angeles) or a snapshot's etc/localtime.
 * Its transitions carry the zone's history (the US rules of 2007, a zone's
 * change of standard offset), which a single offset or abbreviation cannot.
 */
#ifndef MT_TZFILE_H
#define MT_TZFILE_H

#include "util/common.h"

/* Offsets in seconds east of UTC: before @at[0], @first_off; from @at[i] on, @off[i]. */
struct tz_rules {
	int64_t *at;
	int32_t *off;
	size_t n;
	int32_t first_off;
};

/**
 * Parse a TZif file (version 1, or the 64-bit block of 2+ and its footer's
 * rule, written out as transitions to the end of 2037); 0, or -1 when it is
 * not one.
 */
int tz_parse(const char *buf, size_t len, struct tz_rules *out);
void tz_release(struct tz_rules *z);
/** The offset in force at @utc (epoch seconds); after the last transition, the last one's. */
int32_t tz_offset_at(const struct tz_rules *z, int64_t utc);
/**
 * The UTC epoch of a local wall time (written as if it were UTC).  In the
 * hour a DST end repeats, the earlier (daylight) instant; in the hour its
 * start skips, the offset before it.
 */
int64_t tz_local_to_utc(const struct tz_rules *z, int64_t local);

/*
 * The rules as text, to carry them where only strings go (a fact):
 * "FIRST;AT:OFF;AT:OFF..." in seconds, "-28378;-2717640000:-28800;...".
 * tz_rules_read() gives 0, or -1 (and @out empty) when @s is not that.
 */
struct strbuf;
void tz_rules_format(const struct tz_rules *z, struct strbuf *sb);
int tz_rules_read(const char *s, struct tz_rules *out);

#endif
