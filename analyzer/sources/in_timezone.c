/*
 * The configured time zone (tzfile(5) names; the RHEL keys are described in
 * initscripts' sysconfig.txt).
 *
 *   etc/timezone (Debian, Ubuntu), one tz database name:
 *       Europe/Paris
 *   etc/sysconfig/clock (RHEL <= 6; SUSE spells the keys TIMEZONE= and
 *   HWCLOCK="-u" / "--localtime"):
 *       ZONE="America/New_York"
 *       UTC=true
 *       ARC=false
 *
 * UTC= says whether the hardware clock keeps UTC, which decides how
 * timestamps taken before the system clock was set (early boot) read.
 * Other keys of the clock file (ARC, SRM, DEFAULT_TIMEZONE) are skipped
 * silently; comments and blank lines too; a line with no '=' or a value
 * that is not a zone name gets a parse_warn.
 */
#include "sources/source.h"

static bool zone_char(char c)
{
	return is_ident(c) || c == '/' || c == '-' || c == '+' || c == '.';
}

static bool valid_zone(struct span s)
{
	return span_all_of(s, 255, zone_char);
}


/* 1, 0, or -1 when @v is not a yes/no word */
static int bool_value(struct span v)
{
	static const char *const yes[] = { "true", "yes", "1", "-u", "--utc", NULL };
	static const char *const no[] = { "false", "no", "0", "--localtime", "-l", NULL };
	size_t i;

	for (i = 0; yes[i]; i++)
		if (span_eq(v, yes[i]))
			return 1;
	for (i = 0; no[i]; i++)
		if (span_eq(v, no[i]))
			return 0;
	return -1;
}

static bool clock_line(struct parse_ctx *ctx, struct span line, unsigned no)
{
	const char *eq = memchr(line.p, '=', line.len);
	struct span key, raw, v;
	int b;

	if (!eq) {
		parse_warn(ctx, no, "not a KEY=value line; skipped");
		return false;
	}
	key = span_trim(span_make(line.p, eq));
	raw = span_trim(span_make(eq + 1, line.p + line.len));
	v = span_unquote(raw);
	if (span_eq(key, "ZONE") || span_eq(key, "TIMEZONE")) {
		if (valid_zone(v)) {
			parse_str(ctx, no, "identity.timezone", v.p, v.len);
			return true;
		}
		if (raw.len)
			parse_warn(ctx, no, "%.*s= holds no zone name; skipped", (int)key.len, key.p);
	} else if (span_eq(key, "UTC") || span_eq(key, "HWCLOCK")) {
		b = bool_value(v);
		if (b >= 0) {
			parse_int(ctx, no, "identity.hwclock_utc", b, "");
			return true;
		}
		if (raw.len)
			parse_warn(ctx, no, "%.*s= is neither true nor false; skipped", (int)key.len, key.p);
	}
	return false;
}

static int clock_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	size_t kept = 0;

	while (lines_next(&it)) {
		struct span line = span_trim(it.line);

		if (line.len && line.p[0] != '#' && clock_line(ctx, line, it.no))
			kept++;
	}
	return kept ? 0 : -1;
}

static int timezone_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	bool found = false;

	if (!strcmp(ctx->rel, "etc/sysconfig/clock"))
		return clock_parse(ctx, buf, len);
	while (lines_next(&it)) {
		struct span line = span_trim(it.line);

		if (!line.len || line.p[0] == '#')
			continue;
		if (found) {
			parse_warn(ctx, it.no, "unexpected line after the zone name; skipped");
		} else if (valid_zone(line)) {
			parse_str(ctx, it.no, "identity.timezone", line.p, line.len);
			found = true;
		} else {
			parse_warn(ctx, it.no, "not a time zone name; skipped");
		}
	}
	return found ? 0 : -1;
}

static const char *const timezone_paths[] = {
	"etc/timezone",
	"etc/sysconfig/clock",
	NULL,
};

static const struct fact_def timezone_facts[] = {
	{ "identity.timezone", FACT_STR, "", "tz database name, e.g. Europe/Paris" },
	{ "identity.hwclock_utc", FACT_INT, "", "1 when the hardware clock keeps UTC, 0 local time" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_timezone = {
	.name = "timezone",
	.paths = timezone_paths,
	.parse = timezone_parse,
	.facts = timezone_facts,
};
