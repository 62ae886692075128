/* The prefilter's literals and its scan over a stream fed in pieces. */
#include "engine/regex_literal.h"
#include "log/prefilter.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

struct literal_case {
	const char *pattern;
	const char *literal;         /* NULL: none the prefilter could use */
	bool caseless;
};

static const struct literal_case literal_cases[] = {
	/* the shipped rules' */
	{ "^systemd(?:\\[\\d+\\])?: (?<unit>[^:]+): A process of this unit has been killed by the OOM killer",
	  ": A process of this unit has been killed by the OOM killer", false },
	{ "^systemd-oomd(?:\\[\\d+\\])?: Killed (?<cgroup>\\S+) due to", "systemd-oomd", false },
	{ "^earlyoom(?:\\[\\d+\\])?: .*(?:sending SIG|killing process)", "earlyoom", false },
	/* alternation at the top: one literal per alternative, any of them ('\n' between) */
	{ "foo|barbaz", "foo\nbarbaz", false },
	{ "^(?:kernel: )?vmmemctl: |VMware memory control|Modules linked in:.*\\b(?:a|b)\\b",
	  "vmmemctl: \nVMware memory control\nModules linked in:", false },
	{ "a\\|bc|defg", "a|bc\ndefg", false },
	{ "[|]xyz|abc", "xyz\nabc", false },
	/* one alternative without a literal: none for the whole */
	{ "foo|\\[(?:x|y)\\]", NULL, false },
	{ "foo|", NULL, false },
	{ "foo|\\Qab\\E", NULL, false },
	{ "(?:foo|bar)bazz", "bazz", false },
	/* a quantifier makes the character before it optional */
	{ "abcd?", "abc", false },
	{ "abcd*ef", "abc", false },
	{ "abcd+", "abcd", false },
	{ "xab{2}cdef", "cdef", false },
	{ "xab{1, 3}cdef", "cdef", false },
	{ "wxyz{abcd", "abcd", false },
	/* escapes: punctuation is itself, letters and their arguments end a run */
	{ "a\\.b\\.c", "a.b.c", false },
	{ "\\x{41}bcd", "bcd", false },
	{ "\\x41BCDEFG", NULL, false },
	{ "\\d+ pages", " pages", false },
	{ "\\Qa.b\\E", NULL, false },
	/* classes are skipped whole, ']' first and POSIX names inside */
	{ "[]abc]+defg", "defg", false },
	{ "[[:alpha:]]xyz", "xyz", false },
	/* a multi-byte character made optional goes whole */
	{ "\xc3\xa9?abc", "abc", false },
	{ "abc\xc3\xa9?", "abc", false },
	/* (?i): caseless, and letters Unicode folds beyond ASCII end runs */
	{ "(?i)oom killer", "iller", true },
	{ "(?i:x)Memory", "Memory", true },
	/* (?x) makes blanks meaningless: give up */
	{ "(?x) foo bar", NULL, false },
	/* a comment is a group */
	{ "x(?#note)yzw", "yzw", false },
	/* too short */
	{ "(x+x+)+y", NULL, false },
	{ "ab", NULL, false },
};

static void test_literals(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(literal_cases); i++) {
		const struct literal_case *c = &literal_cases[i];
		bool caseless, ok = regex_required_literal(c->pattern, &sb, &caseless);

		if (!c->literal) {
			if (ok)
				fail_msg("%s: expected no literal, got '%s'", c->pattern, sb.buf);
			continue;
		}
		if (!ok || strcmp(sb.buf, c->literal))
			fail_msg("%s: expected '%s', got '%s'", c->pattern, c->literal, ok ? sb.buf : "(none)");
		assert_int_equal(caseless, c->caseless);
	}
	strbuf_release(&sb);
}

/* The newlines in text[0, n). */
static uint64_t newlines(const char *text, size_t n)
{
	uint64_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += text[i] == '\n';
	return c;
}

/*
 * Which lines of @text hold a literal, scanned in blocks of @piece bytes,
 * each with the bytes before it and its hits moved to the stream's as the
 * reading ahead does: "1" per hit line.  The newlines counted on the way
 * must be those before each hit and in the whole text.
 */
static void hits(struct prefilter *pf, const char *text, size_t piece, char *out)
{
	struct pf_scanner sc;
	struct pf_hits h = { 0 }, block = { 0 };
	size_t len = strlen(text), i, start = 0, n = 0, nb;
	const struct pf_hit *at;

	pf_scanner_init(&sc, pf);
	for (i = 0; i < len; i += piece) {
		nb = i < PF_BEFORE ? i : PF_BEFORE;
		pf_scan_block(&sc, text + i - nb, nb, text + i, len - i < piece ? len - i : piece, 1000 + i,
			      &block);
		pf_hits_move(&h, &block);
	}
	assert_int_equal(h.lines, newlines(text, len));
	at = pf_hits_from(&h, 0, &n);
	for (i = 0; i < n; i++)
		assert_int_equal(at[i].lines, newlines(text, (size_t)(at[i].end - 1000)));
	n = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		size_t after;
		const struct pf_hit *first = pf_hits_from(&h, 1000 + start, &after);

		out[n++] = after && first->end <= 1000 + i ? '1' : '0';
		start = i + 1;
	}
	out[n] = '\0';
	pf_scanner_release(&sc);
	pf_hits_release(&h);
	pf_hits_release(&block);
}

static void test_scan(void **state)
{
	static const struct pf_literal lits[] = { { "oom", false }, { "Hypervisor detected: ", false } };
	/* what the engine finds in "^(?i)earlyoom(?:\\[\\d+\\])?: sending SIG" and "(a|b)+c" */
	static const struct pf_literal regexes[] = { { "earlyoom", true } };
	static const struct pf_literal bad[] = { { NULL, false } };
	static const char text[] =
		"nothing here\n"
		"java invoked oom-killer: gfp_mask=0x201da\n"
		"zoo m\n"
		"EarlyOOM[12]: sending SIGTERM\n"
		"Hypervisor detected: VMware\n"
		"last, no newline: oom";
	const char *why;
	struct prefilter *pf = prefilter_new(lits, 2, regexes, 1, &why);
	char whole[16], piece[16];

	(void)state;
	assert_non_null(pf);
	hits(pf, text, sizeof(text), whole);
	assert_string_equal(whole, "010111");
	for (size_t n = 1; n < 9; n++) {
		hits(pf, text, n, piece);
		assert_string_equal(piece, whole);
	}
	prefilter_free(pf);

	/* a regex with alternatives at its top: a line with any of their literals is read */
	{
		static const struct pf_literal alts[] = { { "zoo m\nSIGTERM", false } };
		struct prefilter *any = prefilter_new(lits, 2, alts, 1, &why);

		assert_non_null(any);
		hits(any, text, sizeof(text), whole);
		assert_string_equal(whole, "011111");
		prefilter_free(any);
	}

	/* a regex with no literal: no prefilter, every line is read */
	assert_null(prefilter_new(lits, 2, bad, 1, &why));
	assert_non_null(why);
}

/* A block is scanned in pieces of 64 KiB: a literal across their seams is found all the same. */
static void test_scan_seams(void **state)
{
	static const struct pf_literal lits[] = { { "oom-killer", false } };
	const size_t len = 3 * 65536 + 100;
	char *text = malloc(len + 1), *want = malloc(len), *got = malloc(len);
	const char *why, *line;
	struct prefilter *pf = prefilter_new(lits, 1, NULL, 0, &why);
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < len; i++)
		text[i] = i % 50 == 49 ? '\n' : 'x';
	text[len] = '\0';
	/* across each seam (alone in its line: seams are 36 bytes into one), and in the next line */
	for (size_t seam = 65536; seam < len; seam += 65536) {
		memcpy(text + seam - 5, "oom-killer", 10);
		memcpy(text + seam + 20, "oom-killer", 10);
	}
	for (line = text; line <= text + len; line++) {
		const char *nl = strchr(line, '\n');
		size_t l = nl ? (size_t)(nl - line) : strlen(line);

		want[n++] = memmem(line, l, "oom-killer", 10) ? '1' : '0';
		line += l;
	}
	want[n] = '\0';
	assert_non_null(strchr(want, '1'));
	hits(pf, text, len, got);
	assert_string_equal(got, want);
	hits(pf, text, 4093, got);
	assert_string_equal(got, want);
	free(text), free(want), free(got);
	prefilter_free(pf);
}

/* A literal over and over in one line is one hit (a hole of NULs is megabytes of them). */
static void test_one_hit_per_line(void **state)
{
	static const struct pf_literal lits[] = { { "", false }, { "oom", false } };
	static const char text[] = "ab\0\0\0\0\0cd oom\nx\0y oom oom oom\n\0\0\n";
	const char *why;
	struct prefilter *pf = prefilter_new(lits, 2, NULL, 0, &why);
	struct pf_scanner sc;
	struct pf_hits h = { 0 };
	const struct pf_hit *at;
	size_t n;

	(void)state;
	assert_non_null(pf);
	pf_scanner_init(&sc, pf);
	pf_scan_block(&sc, "", 0, text, sizeof(text) - 1, 0, &h);
	at = pf_hits_from(&h, 0, &n);
	assert_int_equal(n, 5); /* NUL and oom in each of the first two lines, NUL in the third */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(at[i].lines, i / 2);
	assert_int_equal(h.lines, 3);
	pf_scanner_release(&sc);
	pf_hits_release(&h);
	prefilter_free(pf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_scan_seams),
		cmocka_unit_test(test_one_hit_per_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
