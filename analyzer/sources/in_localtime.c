/*
 * The time zone from etc/localtime: a symlink into the zoneinfo database
 * ("../usr/share/zoneinfo/Europe/Paris", handed over as the link's target),
 * or a copy of a TZif file (RHEL 4 to 6 copy the ZONE= file there), whose
 * transitions are the zone's history as the guest's own tz data had it (a
 * RHEL 4 guest never updated keeps the US rules of before 2007) and whose
 * footer line holds the POSIX rule ("CET-1CEST,M3.5.0,M10.5.0/3").  See
 * tzfile(5).  The history is kept as identity.timezone_history, the text
 * of util/tzfile.h.
 */
#include "sources/source.h"
#include "util/strbuf.h"
#include "util/tzfile.h"

/* The copy's transitions as text; a file util/tzfile.c cannot read gives none. */
static void tzif_history(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct tz_rules z;
	struct strbuf sb = STRBUF_INIT;

	if (tz_parse(buf, len, &z)) {
		parse_warn(ctx, 0, "a TZif file whose transitions cannot be read; its history is not used");
		return;
	}
	tz_rules_format(&z, &sb);
	parse_str(ctx, 0, "identity.timezone_history", sb.buf, sb.len);
	tz_release(&z);
	strbuf_release(&sb);
}

static int localtime_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct span s = span_trim((struct span){ buf, len });
	const char *zi;

	if (len >= 4 && !memcmp(buf, "TZif", 4)) {
		/* the footer: "\n<POSIX TZ>\n" at the very end */
		const char *end = buf + len, *nl;

		if (len < 3 || end[-1] != '\n')
			return -1;
		for (nl = end - 2; nl > buf && *nl != '\n'; nl--)
			;
		if (nl == buf || end - 1 - (nl + 1) <= 0 || end - 1 - (nl + 1) > 64)
			return -1;
		parse_str(ctx, 0, "identity.timezone_rule", nl + 1, (size_t)(end - 1 - (nl + 1)));
		tzif_history(ctx, buf, len);
		return 0;
	}
	while (s.len && s.p[s.len - 1] == '\n')
		s.len--;
	zi = span_find(s, "zoneinfo/");
	if (!zi || memchr(s.p, '\n', s.len))
		return -1;
	zi += 9;
	if (span_starts(span_make(zi, s.p + s.len), "posix/") || span_starts(span_make(zi, s.p + s.len), "right/"))
		zi += 6;
	if (zi >= s.p + s.len)
		return -1;
	parse_str(ctx, 1, "identity.timezone", zi, (size_t)(s.p + s.len - zi));
	return 0;
}

static const char *const localtime_paths[] = { "etc/localtime", NULL };

static const struct fact_def localtime_facts[] = {
	{ "identity.timezone", FACT_STR, "", "the zone etc/localtime links to (Europe/Paris)" },
	{ "identity.timezone_rule", FACT_STR, "", "the POSIX rule of a copied etc/localtime (CET-1CEST,M3.5.0,M10.5.0/3)" },
	{ "identity.timezone_history", FACT_STR, "", "the transitions of a copied etc/localtime, \"FIRST;AT:OFF;...\" (seconds): the zone as the guest's tz data had it" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_localtime = {
	.name = "localtime",
	.paths = localtime_paths,
	.parse = localtime_parse,
	.facts = localtime_facts,
};
