/*
 * The host's name: hostname(1) and hostname(5).
 *
 *   sos_commands/host/hostname (sos 3.5+), sos_commands/general/hostname
 *   (sos 3.0-3.4), etc/hostname, the root symlink "hostname":
 *       localhost.localdomain
 *   sos_commands/{host,general}/hostname_-f:
 *       db01.example.com
 *   etc/sysconfig/network (RHEL 5/6 keep the name there):
 *       NETWORKING=yes
 *       HOSTNAME=db01.example.com
 *
 * A dotted name is also the FQDN.  A "hostname -f" answer without a dot
 * is not stored: it means the resolver did not know the domain, and storing
 * it would override a dotted name from the other file depending only on
 * the order the files were read (the real RHCOS sample has hostname
 * "localhost.localdomain" but hostname -f "localhost").
 *
 * Comment and blank lines are skipped; stderr merged by sos ("hostname:
 * Name or service not known", "(none)") is not a valid name: parse_warn.
 */
#include "sources/source.h"

static bool host_char(char c)
{
	return is_ident(c) || c == '-' || c == '.';
}

static bool valid_hostname(struct span s)
{
	return span_all_of(s, 253, host_char);
}


static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* false when @v is not a host name */
static bool store_name(struct parse_ctx *ctx, unsigned no, struct span v, bool fqdn_file)
{
	if (!valid_hostname(v))
		return false;
	if (!fqdn_file)
		parse_str(ctx, no, "identity.hostname", v.p, v.len);
	if (memchr(v.p, '.', v.len))
		parse_str(ctx, no, "identity.fqdn", v.p, v.len);
	return true;
}

/* etc/sysconfig/network: only HOSTNAME= matters; the other keys are skipped silently. */
static int network_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	bool found = false;

	while (lines_next(&it)) {
		struct span line = span_trim(it.line);
		const char *s = line.p, *end = line.p + line.len;

		if (!scan_lit(&s, end, "HOSTNAME="))
			continue;
		if (store_name(ctx, it.no, span_unquote(span_trim(span_make(s, end))), false))
			found = true;
		else
			parse_warn(ctx, it.no, "HOSTNAME= holds no valid host name; skipped");
	}
	return found ? 0 : -1;
}

static int hostname_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	bool fqdn_file = ends_with(ctx->rel, "_-f");
	bool found = false;

	if (ends_with(ctx->rel, "sysconfig/network"))
		return network_parse(ctx, buf, len);
	while (lines_next(&it)) {
		struct span line = span_trim(it.line);

		if (!line.len || line.p[0] == '#')
			continue;
		if (found)
			parse_warn(ctx, it.no, "unexpected line after the host name; skipped");
		else if (store_name(ctx, it.no, line, fqdn_file))
			found = true;
		else
			parse_warn(ctx, it.no, "not a host name; skipped");
	}
	return found ? 0 : -1;
}

static const char *const hostname_paths[] = {
	"sos_commands/host/hostname",
	"sos_commands/general/hostname",
	"etc/hostname",
	"hostname",
	"sos_commands/host/hostname_-f",
	"sos_commands/general/hostname_-f",
	"etc/sysconfig/network",
	NULL,
};

static const struct fact_def hostname_facts[] = {
	{ "identity.hostname", FACT_STR, "", "hostname, etc/hostname or HOSTNAME= of etc/sysconfig/network" },
	{ "identity.fqdn", FACT_STR, "", "hostname -f, or a dotted host name" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_hostname = {
	.name = "hostname",
	.paths = hostname_paths,
	.parse = hostname_parse,
	.facts = hostname_facts,
};
