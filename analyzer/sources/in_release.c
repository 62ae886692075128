/*
 * Which distribution: the release files.
 *
 *   etc/redhat-release, etc/centos-release (one line):
 *       Red Hat Enterprise Linux Server release 7.9 (Maipo)
 *       CentOS Linux release 7.9.2009 (Core)
 *   etc/SuSE-release (SLES <= 12):
 *       SUSE Linux Enterprise Server 11 (x86_64)
 *       VERSION = 11
 *       PATCHLEVEL = 4
 *   etc/os-release, usr/lib/os-release, os-release(5):
 *       PRETTY_NAME="Red Hat Enterprise Linux 8.0 (Ootpa)"
 *       ID="rhel"
 *       VERSION_ID="8.0"
 *   etc/lsb-release (Ubuntu):
 *       DISTRIB_ID=Ubuntu
 *       DISTRIB_RELEASE=16.04
 *       DISTRIB_DESCRIPTION="Ubuntu 16.04.7 LTS"
 *
 * os-release values are shell words: "..." (with \" \\ \$ \` escapes) or
 * '...'.  Every os-release and lsb-release key is also kept as
 * os_release.KEY / lsb_release.KEY.  When several of these files exist
 * they agree on what matters; the one read last wins.  Comment and blank
 * lines are skipped; lines that are not KEY=value or have a broken quote
 * get a parse_warn.
 */
#include "sources/source.h"
#include "util/strbuf.h"

/* Derived IDs for the one-line release files, as os-release's ID= spells them; first match wins. */
static const struct {
	const char *text, *id;
} release_ids[] = {
	{ "CoreOS", "rhcos" },
	{ "Red Hat Enterprise Linux", "rhel" },
	{ "CentOS", "centos" },
	{ "Fedora", "fedora" },
	{ "Rocky", "rocky" },
	{ "AlmaLinux", "almalinux" },
	{ "Oracle Linux", "ol" },
	{ "Scientific Linux", "scientific" },
	{ "CloudLinux", "cloudlinux" },
	{ "SUSE Linux Enterprise Server", "sles" },
	{ "SUSE Linux Enterprise Desktop", "sled" },
	{ "openSUSE", "opensuse" },
};

/* The version after "release ": "7.9" of "... release 7.9 (Maipo)", "2.1" of "release 2.1AS". */
static struct span release_number(struct span line)
{
	const char *s = span_find(line, " release "), *end = line.p + line.len, *v;

	if (!s)
		return SPAN_NONE;
	s += strlen(" release ");
	for (v = s; s < end && (is_digit(*s) || *s == '.'); s++)
		;
	while (s > v && s[-1] == '.')
		s--;
	return span_make(v, s);
}

static void release_line(struct parse_ctx *ctx, struct span line, unsigned no)
{
	struct span ver = release_number(line);
	size_t i;

	parse_str(ctx, no, "identity.distro", line.p, line.len);
	for (i = 0; i < ARRAY_SIZE(release_ids); i++) {
		const char *id = release_ids[i].id;

		if (span_contains_nocase(line, release_ids[i].text)) {
			parse_str(ctx, no, "identity.distro_id", id, strlen(id));
			break;
		}
	}
	if (ver.len)
		parse_str(ctx, no, "identity.distro_version", ver.p, ver.len);
}

/*
 * A shell word as os-release(5) allows it, into @out; false on an unclosed
 * quote.  A bare word is taken as is.
 */
static bool unquote(struct span v, struct strbuf *out)
{
	const char *s = v.p, *end = v.p + v.len;
	char q;

	strbuf_reset(out);
	if (!v.len || (v.p[0] != '"' && v.p[0] != '\'')) {
		strbuf_add(out, v.p, v.len);
		return true;
	}
	q = *s++;
	for (; s < end && *s != q; s++) {
		if (q == '"' && *s == '\\' && s + 1 < end && s[1] && strchr("\"\\$`", s[1]))
			s++;
		strbuf_addch(out, *s);
	}
	return s + 1 == end;
}

/* The derived facts of one KEY=value of os-release or lsb-release. */
static void known_key(struct parse_ctx *ctx, unsigned no, struct span key, const struct strbuf *v)
{
	struct strbuf low = STRBUF_INIT;
	size_t i;

	if (span_eq(key, "PRETTY_NAME") || span_eq(key, "DISTRIB_DESCRIPTION")) {
		parse_str(ctx, no, "identity.distro", v->buf, v->len);
	} else if (span_eq(key, "VERSION_ID") || span_eq(key, "DISTRIB_RELEASE")) {
		parse_str(ctx, no, "identity.distro_version", v->buf, v->len);
	} else if (span_eq(key, "ID") || span_eq(key, "DISTRIB_ID")) {
		/* lsb-release says "Ubuntu" where os-release says "ubuntu" */
		for (i = 0; i < v->len; i++) {
			char c = v->buf[i];

			strbuf_addch(&low, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
		}
		parse_str(ctx, no, "identity.distro_id", low.buf, low.len);
	}
	strbuf_release(&low);
}

static bool key_value_line(struct parse_ctx *ctx, struct span line, unsigned no,
			   const char *prefix, struct strbuf *name, struct strbuf *v)
{
	const char *eq = memchr(line.p, '=', line.len);
	struct span key;
	size_t i;

	if (!eq)
		return false;
	key = span_make(line.p, eq);
	for (i = 0; i < key.len; i++)
		if (!is_ident(key.p[i]))
			return false;
	if (!key.len || !unquote(span_trim(span_make(eq + 1, line.p + line.len)), v) ||
	    !span_printable(span_make(v->buf, v->buf + v->len)))
		return false;
	strbuf_reset(name);
	strbuf_addf(name, "%s.%.*s", prefix, (int)key.len, key.p);
	parse_str(ctx, no, name->buf, v->buf, v->len);
	known_key(ctx, no, key, v);
	return true;
}

/* os-release and lsb-release */
static int os_release_parse(struct parse_ctx *ctx, const char *buf, size_t len, const char *prefix)
{
	struct lines it = lines_of(buf, len);
	struct strbuf name = STRBUF_INIT, v = STRBUF_INIT;
	size_t kept = 0;

	while (lines_next(&it)) {
		struct span line = span_trim(it.line);

		if (!line.len || line.p[0] == '#')
			continue;
		if (key_value_line(ctx, line, it.no, prefix, &name, &v))
			kept++;
		else
			parse_warn(ctx, it.no, "not a KEY=value line; skipped");
	}
	strbuf_release(&name);
	strbuf_release(&v);
	return kept ? 0 : -1;
}

/* "VERSION = 11" of SuSE-release; false when @line is not @key */
static bool suse_key(struct span line, const char *key, struct span *v)
{
	const char *s = line.p, *end = line.p + line.len;

	if (!scan_lit(&s, end, key))
		return false;
	scan_blanks(&s, end);
	if (!scan_char(&s, end, '='))
		return false;
	*v = span_trim(span_make(s, end));
	return true;
}

static void suse_version(struct parse_ctx *ctx, struct span ver, struct span patch, unsigned no)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, ver.p, ver.len);
	/* SLES 12 SP0 is VERSION_ID="12", SLES 11 SP4 is "11.4" */
	if (patch.len && !span_eq(patch, "0"))
		strbuf_addf(&sb, ".%.*s", (int)patch.len, patch.p);
	parse_str(ctx, no, "identity.distro_version", sb.buf, sb.len);
	strbuf_release(&sb);
}

/* One-line files; SuSE-release adds KEY = value lines after its first line. */
static int release_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct span ver = SPAN_NONE, patch = SPAN_NONE, v;
	unsigned ver_line = 0;
	bool first = true;

	while (lines_next(&it)) {
		struct span line = span_trim(it.line);

		if (!line.len || line.p[0] == '#')
			continue;
		if (first && span_printable(line)) {
			release_line(ctx, line, it.no);
			first = false;
		} else if (!first && suse_key(line, "VERSION", &v)) {
			ver = v;
			ver_line = it.no;
		} else if (!first && suse_key(line, "PATCHLEVEL", &v)) {
			patch = v;
		} else if (first || !suse_key(line, "CODENAME", &v)) {
			parse_warn(ctx, it.no, "unexpected line in a release file; skipped");
		}
	}
	if (ver.len)
		suse_version(ctx, ver, patch, ver_line);
	return first ? -1 : 0;
}

static int any_release_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	const char *base = strrchr(ctx->rel, '/');

	base = base ? base + 1 : ctx->rel;
	if (!strcmp(base, "os-release"))
		return os_release_parse(ctx, buf, len, "os_release");
	if (!strcmp(base, "lsb-release"))
		return os_release_parse(ctx, buf, len, "lsb_release");
	return release_parse(ctx, buf, len);
}

static const char *const release_paths[] = {
	"etc/redhat-release",
	"etc/centos-release",
	"etc/SuSE-release",
	"etc/os-release",
	"usr/lib/os-release",
	"etc/lsb-release",
	NULL,
};

static const struct fact_def release_facts[] = {
	{ "identity.distro", FACT_STR, "", "PRETTY_NAME, or the release file's line" },
	{ "identity.distro_id", FACT_STR, "", "os-release ID: rhel, centos, fedora, sles, ubuntu ..." },
	{ "identity.distro_version", FACT_STR, "", "VERSION_ID, or the release N.M number" },
	{ "os_release.<KEY>", FACT_STR, "", "every key of os-release" },
	{ "lsb_release.<KEY>", FACT_STR, "", "every key of etc/lsb-release" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_release = {
	.name = "release",
	.paths = release_paths,
	.parse = any_release_parse,
	.facts = release_facts,
};
