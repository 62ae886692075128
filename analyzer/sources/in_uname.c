/*
 * uname -a, uname(1): sos_commands/kernel/uname_-a and the root symlink "uname".
 *
 *   Linux localhost.localdomain 4.18.0-80.11.2.el8_0.x86_64 #1 SMP Sun Sep 15 11:24:21 UTC 2019 x86_64 x86_64 x86_64 GNU/Linux
 *   Linux deb10 4.19.0-17-amd64 #1 SMP Debian 4.19.194-3 (2021-07-18) x86_64 GNU/Linux
 *
 * The words are: kernel name, node name, release, the version (several
 * words: "#1 SMP <build date>"), the machine, then the processor and the
 * hardware platform (coreutils leaves them out when "unknown") and the OS.
 * The version has no fixed word count, so the machine is the first word
 * after the release that names a known architecture; failing that, the
 * word before a final "GNU/Linux".
 *
 * Only one line is expected.  Anything else (a stub printing just
 * "x86_64", "uname: extra operand" merged from stderr) gets a parse_warn.
 */
#include "facts/derive.h"
#include "sources/source.h"

/* More words than any uname -a line has; the rest of a longer line is not looked at. */
#define UNAME_MAX_WORDS 48

static const char *const arch_prefixes[] = {
	"x86_64", "i386", "i486", "i586", "i686", "aarch64", "arm", "ppc", "s390", "ia64",
	"mips", "riscv", "sparc", "alpha", "loongarch", "parisc", "m68k", NULL,
};

static bool is_arch(struct span w)
{
	size_t i;

	for (i = 0; i < w.len; i++)
		if (!is_ident(w.p[i]))
			return false;
	for (i = 0; arch_prefixes[i]; i++)
		if (span_starts(w, arch_prefixes[i]))
			return true;
	return false;
}

static size_t split_words(struct span line, struct span *w, size_t max)
{
	const char *s = line.p, *end = line.p + line.len;
	size_t n = 0;

	while (n < max) {
		scan_blanks(&s, end);
		if (!scan_word(&s, end, &w[n]))
			break;
		n++;
	}
	return n;
}

/* The machine word, or SPAN_NONE. */
static struct span find_arch(const struct span *w, size_t n)
{
	size_t i;

	for (i = 3; i < n; i++)
		if (is_arch(w[i]))
			return w[i];
	/* an unknown architecture is still a name, not the build year */
	if (n >= 6 && span_eq(w[n - 1], "GNU/Linux") && !is_digit(w[n - 2].p[0]) &&
	    is_ident(w[n - 2].p[0]))
		return w[n - 2];
	return SPAN_NONE;
}

static void uname_store(struct parse_ctx *ctx, unsigned no, const struct span *w, size_t n)
{
	struct span arch = find_arch(w, n);
	int64_t code;

	parse_str(ctx, no, "identity.uname_host", w[1].p, w[1].len);
	parse_str(ctx, no, "kernel.release", w[2].p, w[2].len);
	code = kernel_version_code(w[2]);
	if (code >= 0)
		parse_int(ctx, no, "kernel.version_code", code, "");
	else
		parse_warn(ctx, no, "kernel release '%.*s' has no X.Y.Z version", (int)w[2].len, w[2].p);
	if (arch.len)
		parse_str(ctx, no, "kernel.arch", arch.p, arch.len);
	else
		parse_warn(ctx, no, "no machine architecture found in uname -a line");
}

static int uname_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct span w[UNAME_MAX_WORDS];
	bool done = false;

	while (lines_next(&it)) {
		struct span line = span_trim(it.line);
		size_t n;

		if (!line.len)
			continue;
		n = split_words(line, w, ARRAY_SIZE(w));
		if (done) {
			parse_warn(ctx, it.no, "unexpected line after uname -a output; skipped");
			continue;
		}
		/* kernel name, node name, release, "#build", machine at least */
		if (n < 5 || !is_digit(w[2].p[0]) || memchr(line.p, '\0', line.len)) {
			parse_warn(ctx, it.no, "not a uname -a line; skipped");
			continue;
		}
		uname_store(ctx, it.no, w, n);
		done = true;
	}
	return done ? 0 : -1;
}

static const char *const uname_paths[] = {
	"sos_commands/kernel/uname_-a",
	"uname",
	NULL,
};

static const struct fact_def uname_facts[] = {
	{ "kernel.release", FACT_STR, "", "uname -r, e.g. 4.18.0-80.11.2.el8_0.x86_64" },
	{ "kernel.version_code", FACT_INT, "", "major*65536 + minor*256 + min(sublevel,255)" },
	{ "kernel.arch", FACT_STR, "", "uname -m: x86_64, i686, aarch64 ..." },
	{ "identity.uname_host", FACT_STR, "", "the node name uname -a printed" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_uname = {
	.name = "uname",
	.paths = uname_paths,
	.parse = uname_parse,
	.facts = uname_facts,
};
