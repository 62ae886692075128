/*
 * version.txt at the top of a sosreport, sos-report(1): which sos wrote it.
 *
 *   sosreport: 3.6                 (3.x - 4.0: then one line per plugin that ran)
 *   alternatives: unversioned
 *   jars: 1.0.0
 *
 *   sos report: 4.5.1              (later 4.x: that line only)
 *
 * The version picks the path variants of the other files.  The plugin
 * lines are kept as sos.plugin.NAME (the version, usually "unversioned"):
 * they tell which plugins ran, so that a missing file of a plugin that did
 * not run is not read as "nothing there".  Lines of neither shape get a
 * parse_warn.
 */
#include "sources/source.h"
#include "util/strbuf.h"

static bool version_line(struct parse_ctx *ctx, struct span line, unsigned no)
{
	const char *s = line.p, *end = line.p + line.len;
	struct span ver;
	uint64_t major;
	const char *v;

	if (!scan_lit(&s, end, "sosreport:") && !scan_lit(&s, end, "sos report:"))
		return false;
	scan_blanks(&s, end);
	if (!scan_word(&s, end, &ver) || memchr(ver.p, '\0', ver.len))
		return false;
	parse_str(ctx, no, "sos.version", ver.p, ver.len);
	v = ver.p;
	if (scan_u64(&v, ver.p + ver.len, &major) && major <= INT64_MAX)
		parse_int(ctx, no, "sos.major", (int64_t)major, "");
	else
		parse_warn(ctx, no, "sos version '%.*s' does not start with a number", (int)ver.len, ver.p);
	return true;
}

/* "name: version" */
static bool plugin_line(struct parse_ctx *ctx, struct span line, unsigned no, struct strbuf *name)
{
	const char *s = line.p, *end = line.p + line.len;
	struct span key, ver;

	while (s < end && (is_ident(*s) || *s == '-'))
		s++;
	key = span_make(line.p, s);
	if (!key.len || !scan_char(&s, end, ':'))
		return false;
	scan_blanks(&s, end);
	if (!scan_word(&s, end, &ver) || s != end || memchr(ver.p, '\0', ver.len))
		return false;
	strbuf_reset(name);
	strbuf_addstr(name, "sos.plugin.");
	strbuf_add(name, key.p, key.len);
	parse_str(ctx, no, name->buf, ver.p, ver.len);
	return true;
}

static int sos_version_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct strbuf name = STRBUF_INIT;
	bool found = false;

	while (lines_next(&it)) {
		struct span line = span_trim(it.line);

		if (!line.len)
			continue;
		if (!found && version_line(ctx, line, it.no))
			found = true;
		else if (!found || !plugin_line(ctx, line, it.no, &name))
			parse_warn(ctx, it.no, "not a version.txt line; skipped");
	}
	strbuf_release(&name);
	return found ? 0 : -1;
}

static const char *const sos_version_paths[] = {
	"version.txt",
	NULL,
};

static const struct fact_def sos_version_facts[] = {
	{ "sos.version", FACT_STR, "", "the sos version, e.g. 3.6 or 4.5.1" },
	{ "sos.major", FACT_INT, "", "its major number" },
	{ "sos.plugin.<name>", FACT_STR, "", "each plugin that ran (sos 3.x-4.0), with its version" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_sos_version = {
	.name = "sos_version",
	.paths = sos_version_paths,
	.parse = sos_version_parse,
	.facts = sos_version_facts,
};
