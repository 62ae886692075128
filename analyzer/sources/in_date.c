/*
 * When the snapshot was taken: date(1) or timedatectl(1) output.
 *
 *   sos_commands/date/date (sos 3.x+), sos_commands/general/date (3.0-3.4):
 *       Wed Oct  2 02:54:30 UTC 2019
 *       Tue Oct 15 10:20:45 CEST 2019
 *       Tue Oct 15 10:20:45 +0200 2019          (zones without an abbreviation)
 *   the root symlink "date", which sos 4.x points at timedatectl:
 *                      Local time: Tue 2019-10-15 10:20:45 CEST
 *                  Universal time: Tue 2019-10-15 08:20:45 UTC
 *                        RTC time: Tue 2019-10-15 08:20:44
 *                       Time zone: Europe/Paris (CEST, +0200)
 *       System clock synchronized: yes
 *
 * UTC, GMT, a numeric zone or timedatectl's "Time zone:" line make the
 * time absolute and give identity.collected_epoch; so does an abbreviation
 * of one offset ("PDT" is -07:00).  One of several ("IST" is India, Israel
 * or Ireland) gives none, and identity.timezone_ambiguous says what it may
 * be; so does a local time whose abbreviation is not the one timedatectl's
 * zone line names.  Times
 * are computed with util/timeutil.h, never with the libc zone functions.
 *
 * A date file holds one line: other lines (stderr merged by sos) get a
 * parse_warn.  timedatectl lines with other keys (NTP, RTC, DST) and the
 * continuation lines of "Last DST change:" and "Warning:" are skipped
 * silently; unknown keys get a parse_warn.
 */
#include "sources/source.h"
#include "util/strbuf.h"
#include "util/timeutil.h"

struct stamp {
	struct mt_time t;       /* valid when a whole stamp was read */
	struct span abbrev;     /* the zone as printed when not numeric: "UTC", "CEST" */
	unsigned line;
};

/* What one stamp's words said so far. */
struct stamp_scan {
	struct stamp *st;
	bool have_time, am, pm;
};

struct date_scan {
	bool timedatectl;
	struct stamp local, utc;
	struct span tz_name, tz_abbrev;
	int tz_off;
	bool tz_has_off;
	unsigned tz_line;
};

static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL,
};

static const char *const timedatectl_keys[] = {
	"Local time", "Universal time", "RTC time", "Time zone", "System clock synchronized",
	"NTP service", "NTP enabled", "NTP synchronized", "Network time on", "RTC in local TZ",
	"DST active", "Last DST change", "Next DST change", "Warning", NULL,
};

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool all_alpha(struct span w)
{
	size_t i;

	for (i = 0; i < w.len; i++)
		if (!is_alpha(w.p[i]))
			return false;
	return w.len > 0;
}

static bool same_text(struct span a, struct span b)
{
	return a.len == b.len && (!a.len || !memcmp(a.p, b.p, a.len));
}

static bool is_weekday(struct span w)
{
	size_t i, k;

	if (w.len < 3)
		return false;
	for (i = 0; weekdays[i]; i++) {
		const char *n = weekdays[i];

		for (k = 0; k < w.len && n[k]; k++)
			if ((w.p[k] | 0x20) != n[k])
				break;
		if (k == w.len)
			return true;
	}
	return false;
}

static bool parse_clock(struct span w, struct mt_time *t)
{
	const char *s = w.p, *end = w.p + w.len;
	uint64_t h, m, sec = 0;

	if (!scan_u64(&s, end, &h) || !scan_char(&s, end, ':') || !scan_u64(&s, end, &m))
		return false;
	if (scan_char(&s, end, ':') && !scan_u64(&s, end, &sec))
		return false;
	if (s != end || h > 23 || m > 59 || sec > 60)
		return false;
	t->hour = (unsigned)h;
	t->min = (unsigned)m;
	t->sec = (unsigned)sec;
	return true;
}

/* "2019", "15" or timedatectl's "2019-10-15" */
static bool stamp_number(struct mt_time *t, struct span w)
{
	const char *s = w.p, *end = w.p + w.len;
	unsigned y, m, d;

	if (scan_digits(&s, end, 4, &y) && s == end && !t->year) {
		t->year = (int)y;
		return true;
	}
	s = w.p;
	if (scan_digits(&s, end, 4, &y) && scan_char(&s, end, '-') && scan_digits(&s, end, 2, &m) &&
	    scan_char(&s, end, '-') && scan_digits(&s, end, 2, &d) && s == end && !t->year) {
		t->year = (int)y;
		t->mon = m;
		t->day = d;
		return true;
	}
	s = w.p;
	if (w.len <= 2 && scan_digits(&s, end, (unsigned)w.len, &d) && !t->day) {
		t->day = d;
		return true;
	}
	return false;
}

/* A word after the time: AM/PM, or the zone. */
static bool stamp_zone(struct stamp_scan *sc, struct span w)
{
	struct stamp *st = sc->st;
	int off = 0;

	if (span_eq(w, "AM") || span_eq(w, "PM")) {
		sc->am = span_eq(w, "AM");
		sc->pm = !sc->am;
		return true;
	}
	if (st->t.has_off || st->abbrev.len)
		return false;
	if (parse_utc_offset(w.p, w.p + w.len, &off) || span_eq(w, "GMT")) {
		st->t.has_off = true;
		st->t.off_min = (int16_t)(span_eq(w, "GMT") ? 0 : off);
		if (all_alpha(w))
			st->abbrev = w;
		return true;
	}
	if (!all_alpha(w) || w.len > 6)
		return false;
	st->abbrev = w;
	return true;
}

static bool stamp_word(struct stamp_scan *sc, struct span w)
{
	struct mt_time *t = &sc->st->t;

	if (memchr(w.p, ':', w.len)) {
		if (sc->have_time)
			return false;
		sc->have_time = parse_clock(w, t);
		return sc->have_time;
	}
	if (sc->have_time)
		return is_digit(w.p[0]) ? stamp_number(t, w) : stamp_zone(sc, w);
	if (is_digit(w.p[0]))
		return stamp_number(t, w);
	if (is_weekday(w))
		return true;
	if (!t->mon && all_alpha(w))
		t->mon = month_from_name(w.p, w.len);
	return t->mon != 0;
}

/* A date(1) line in any of the word orders seen, or a timedatectl time value. */
static bool parse_stamp(struct span line, unsigned no, struct stamp *st)
{
	const char *s = line.p, *end = line.p + line.len;
	struct stamp_scan sc = { st, false, false, false };
	struct span w;
	int y;
	unsigned m, d;

	memset(st, 0, sizeof(*st));
	st->t.usec = -1;
	for (scan_blanks(&s, end); scan_word(&s, end, &w); scan_blanks(&s, end))
		if (!stamp_word(&sc, w))
			return false;
	if (!sc.have_time || !st->t.year || !st->t.mon || !st->t.day)
		return false;
	if ((sc.am || sc.pm) && (st->t.hour > 12 || !st->t.hour))
		return false;
	if (sc.pm && st->t.hour < 12)
		st->t.hour += 12;
	else if (sc.am && st->t.hour == 12)
		st->t.hour = 0;
	/* reject Feb 30 and friends: the date must survive a round trip */
	civil_from_days(days_from_civil(st->t.year, st->t.mon, st->t.day), &y, &m, &d);
	if (y != st->t.year || m != st->t.mon || d != st->t.day)
		return false;
	st->t.valid = true;
	st->line = no;
	return true;
}

/* "Europe/Paris (CEST, +0200)"; @ds is left alone when the line does not parse */
static bool parse_zone_line(struct date_scan *ds, struct span v, unsigned no)
{
	const char *s = v.p, *end = v.p + v.len, *a, *o;
	struct span name, abbrev;

	if (!scan_word(&s, end, &name))
		return false;
	scan_blanks(&s, end);
	if (!scan_char(&s, end, '('))
		return false;
	for (a = s; s < end && *s != ','; s++)
		;
	if (!scan_char(&s, end, ','))
		return false;
	abbrev = span_trim(span_make(a, s - 1));
	scan_blanks(&s, end);
	for (o = s; s < end && *s != ')'; s++)
		;
	if (s == end || s + 1 != end)
		return false;
	ds->tz_has_off = parse_utc_offset(o, s, &ds->tz_off);
	ds->tz_name = name;
	ds->tz_abbrev = abbrev;
	ds->tz_line = no;
	return true;
}

/* "Some words: ..." (letters and blanks before the colon) */
static bool key_shaped(struct span line)
{
	size_t i;

	for (i = 0; i < line.len && line.p[i] != ':'; i++)
		if (!is_blank(line.p[i]) && !is_alpha(line.p[i]))
			return false;
	return i > 0 && i < line.len;
}

/* The key of a timedatectl line, or SPAN_NONE. */
static struct span timedatectl_key(struct span line, struct span *value)
{
	const char *colon = memchr(line.p, ':', line.len);
	struct span key;
	size_t i;

	if (!colon)
		return SPAN_NONE;
	key = span_trim(span_make(line.p, colon));
	for (i = 0; timedatectl_keys[i]; i++) {
		if (span_eq(key, timedatectl_keys[i])) {
			*value = span_trim(span_make(colon + 1, line.p + line.len));
			return key;
		}
	}
	return SPAN_NONE;
}

static void timedatectl_line(struct parse_ctx *ctx, struct date_scan *ds, struct span key,
			     struct span v, unsigned no)
{
	bool ok = true;

	if (span_eq(key, "Local time"))
		ok = parse_stamp(v, no, &ds->local);
	else if (span_eq(key, "Universal time"))
		ok = parse_stamp(v, no, &ds->utc) && ds->utc.t.has_off && !ds->utc.t.off_min;
	else if (span_eq(key, "Time zone"))
		ok = parse_zone_line(ds, v, no);
	if (!ok && !span_eq(v, "n/a"))
		parse_warn(ctx, no, "unreadable timedatectl %.*s; skipped", (int)key.len, key.p);
	if (!ok && span_eq(key, "Universal time"))
		ds->utc.t.valid = false;
}

static void date_line(struct parse_ctx *ctx, struct date_scan *ds, struct span line, unsigned no)
{
	struct span key, value;

	key = timedatectl_key(line, &value);
	if (key.len) {
		ds->timedatectl = true;
		timedatectl_line(ctx, ds, key, value, no);
	} else if (ds->timedatectl) {
		/* continuation lines of "Last DST change:" and "Warning:" have no "Key:" */
		if (key_shaped(line))
			parse_warn(ctx, no, "unknown timedatectl line; skipped");
	} else if (ds->local.t.valid) {
		parse_warn(ctx, no, "unexpected line after the date; skipped");
	} else if (memchr(line.p, '\0', line.len) || !parse_stamp(line, no, &ds->local)) {
		parse_warn(ctx, no, "not a date line; skipped");
	}
}

/* Give the local stamp timedatectl's offset when its zone is the one the "Time zone:" line names. */
static void apply_zone(struct date_scan *ds, struct stamp *st)
{
	if (st->t.has_off || !ds->tz_has_off)
		return;
	if (st->abbrev.len && !same_text(st->abbrev, ds->tz_abbrev))
		return;
	st->t.has_off = true;
	st->t.off_min = (int16_t)ds->tz_off;
}

/* A stamp's abbreviation as its offset, when it names one and timedatectl's zone line is not another. */
static void abbrev_offset(struct parse_ctx *ctx, const struct date_scan *ds, struct stamp *st)
{
	const char *which = NULL;
	int off;

	if (st->t.has_off || !st->abbrev.len || ds->tz_has_off)
		return;
	switch (tz_abbrev_offset(st->abbrev.p, st->abbrev.len, &off, &which)) {
	case 1:
		st->t.has_off = true;
		st->t.off_min = (int16_t)off;
		break;
	case -1:
		parse_str(ctx, st->line, "identity.timezone_ambiguous", which, strlen(which));
		break;
	default:
		break;
	}
}

static void store_stamp(struct parse_ctx *ctx, struct date_scan *ds, struct stamp *st)
{
	struct strbuf sb = STRBUF_INIT;
	int64_t epoch;

	apply_zone(ds, st);
	abbrev_offset(ctx, ds, st);
	mt_time_format(&st->t, &sb);
	parse_str(ctx, st->line, "identity.collected", sb.buf, sb.len);
	parse_int(ctx, st->line, "identity.collected_year", st->t.year, "");
	if (st->t.has_off && mt_time_epoch(&st->t, &epoch))
		parse_int(ctx, st->line, "identity.collected_epoch", epoch, "seconds");
	else if (ds->utc.t.valid && mt_time_epoch(&ds->utc.t, &epoch))
		parse_int(ctx, ds->utc.line, "identity.collected_epoch", epoch, "seconds");
	if (st->abbrev.len)
		parse_str(ctx, st->line, "identity.timezone_abbrev", st->abbrev.p, st->abbrev.len);
	strbuf_release(&sb);
}

static bool date_store(struct parse_ctx *ctx, struct date_scan *ds)
{
	struct stamp *st = ds->local.t.valid ? &ds->local : ds->utc.t.valid ? &ds->utc : NULL;
	bool kept = false;

	if (st) {
		store_stamp(ctx, ds, st);
		kept = true;
	}
	if (ds->tz_abbrev.len && (!st || !st->abbrev.len)) {
		parse_str(ctx, ds->tz_line, "identity.timezone_abbrev", ds->tz_abbrev.p, ds->tz_abbrev.len);
		kept = true;
	}
	/* "n/a" when no zone is configured */
	if (ds->tz_name.len && !span_eq(ds->tz_name, "n/a")) {
		parse_str(ctx, ds->tz_line, "identity.timezone", ds->tz_name.p, ds->tz_name.len);
		kept = true;
	}
	return kept;
}

static int date_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct date_scan ds;

	memset(&ds, 0, sizeof(ds));
	while (lines_next(&it)) {
		struct span line = span_trim(it.line);

		if (line.len)
			date_line(ctx, &ds, line, it.no);
	}
	return date_store(ctx, &ds) ? 0 : -1;
}

static const char *const date_paths[] = {
	"sos_commands/date/date",
	"sos_commands/general/date",
	"date",
	NULL,
};

static const struct fact_def date_facts[] = {
	{ "identity.collected", FACT_STR, "", "when the snapshot was taken, ISO 8601, with the offset when known" },
	{ "identity.collected_year", FACT_INT, "", "its year (resolves syslog stamps that have none)" },
	{ "identity.collected_epoch", FACT_INT, "seconds", "its epoch time; only when the offset is known" },
	{ "identity.timezone_abbrev", FACT_STR, "", "the zone abbreviation printed: UTC, CEST ..." },
	{ "identity.timezone_ambiguous", FACT_STR, "", "what an abbreviation of several offsets may be: \"India +05:30, Israel +02:00 or Ireland +01:00\"" },
	{ "identity.timezone", FACT_STR, "", "timedatectl's zone name, e.g. Europe/Paris" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_date = {
	.name = "date",
	.paths = date_paths,
	.parse = date_parse,
	.facts = date_facts,
};
