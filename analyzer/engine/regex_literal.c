/*
 * The literal a PCRE2 pattern requires, found by a walk over its text.  The
 * rule loader warns of a site regex without one; the log matcher hands each
 * regex's literal to the log prefilter, which passes over the lines without.
 */
#include "engine/regex_literal.h"
#include "util/scan.h"

#include <ctype.h>

/* "(?i)", "(?-x:" ...: the flags of an option setting; *len its length up to ')' or ':'. */
static bool option_letters(const char *s, bool *caseless, bool *extended, size_t *len)
{
	size_t i = 2;

	while (s[i] && (s[i] == '-' || s[i] == '^' || (s[i] >= 'a' && s[i] <= 'z') ||
			(s[i] >= 'A' && s[i] <= 'Z'))) {
		*caseless |= s[i] == 'i';
		*extended |= s[i] == 'x';
		i++;
	}
	*len = i;
	return s[i] == ')' || s[i] == ':';
}

/* The end of the class that starts at s ("[...]"), with "[]x]" and "[:alpha:]" inside. */
static const char *class_end(const char *s)
{
	s++;
	if (*s == '^')
		s++;
	if (*s == ']')
		s++;
	while (*s && *s != ']') {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == '[' && s[1] == ':' && strstr(s + 2, ":]"))
			s = strstr(s + 2, ":]") + 1;
		s++;
	}
	return s;
}

/*
 * The last character of an escape like "\\x{41}", "\\x41", "\\g<name>", "\\cX"
 * or "\\012" that starts with the letter or digit at @s.  Generous: what
 * it swallows of a following literal only makes the literal shorter.
 */
static const char *escape_end(const char *s)
{
	if (*s == 'c' && s[1])
		s++;
	if (s[1] == '{' || s[1] == '<' || s[1] == '\'') {
		const char *close = strchr(s + 2, s[1] == '{' ? '}' : s[1] == '<' ? '>' : '\'');

		return close ? close : s + strlen(s) - 1;
	}
	while (isxdigit((unsigned char)s[1]))
		s++;
	return s;
}

/* The '}' of a counted repeat "{2}", "{1,3}", "{ ,4 }" at @s, or @s: a literal brace. */
static const char *quantifier_end(const char *s)
{
	const char *q = s + 1;

	while (is_digit(*q) || *q == ',' || *q == ' ')
		q++;
	return *q == '}' && q > s + 1 ? q : s;
}

/* Take the last character, whole (UTF-8), off the run: a quantifier made it optional. */
static void drop_last_char(struct strbuf *run)
{
	while (run->len && ((unsigned char)run->buf[run->len - 1] & 0xc0) == 0x80)
		run->len--;
	if (run->len)
		run->len--;
}

static void keep_longest(struct strbuf *run, struct strbuf *best)
{
	if (run->len > best->len) {
		strbuf_reset(best);
		strbuf_add(best, run->buf, run->len);
	}
	strbuf_reset(run);
}

/*
 * Under (?i) in UTF mode PCRE2 folds 'k' with the Kelvin sign and 's' with
 * the long s, which a byte search would miss: such letters end a run.
 */
static bool folds_beyond_ascii(unsigned char c)
{
	return c == 'k' || c == 'K' || c == 's' || c == 'S' || c >= 0x80;
}

/*
 * One pass over the pattern at nesting depth 0, collecting runs of literal
 * characters.  What the walk does not understand ends the run or, where a
 * run could be wrong (alternation at the top, (?x), \Q), gives up.
 */
static bool walk_top_level(const char *s, struct strbuf *run, struct strbuf *best, bool *caseless)
{
	bool extended = false;
	size_t depth = 0, n;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\') {
			unsigned char e = (unsigned char)s[1];

			if (!e || e == 'Q')
				return false;
			s++;
			if (!depth && e < 0x80 && !is_ident(e))
				strbuf_addch(run, (char)e); /* "\." "\[": the character itself */
			else
				keep_longest(run, best);
			if (is_ident(e))
				s = escape_end(s);
			continue;
		}
		if (c == '[') {
			keep_longest(run, best);
			s = class_end(s);
			if (!*s)
				return false;
			continue;
		}
		if (c == '(') {
			keep_longest(run, best);
			if (s[1] == '*')
				return false; /* (*VERB) */
			if (s[1] == '?' && option_letters(s, caseless, &extended, &n) && s[n] == ')') {
				if (extended)
					return false;
				s += n;
				continue; /* "(?i)": a setting, not a group */
			}
			if (extended)
				return false;
			depth++;
			continue;
		}
		if (c == ')') {
			keep_longest(run, best);
			if (!depth--)
				return false;
			continue;
		}
		if (depth)
			continue;
		if (c == '|')
			return false;
		if (c == '*' || c == '?' || c == '{') {
			/* the character before may be absent: it is not required */
			drop_last_char(run);
			keep_longest(run, best);
			if (c == '{')
				s = quantifier_end(s);
		} else if (c == '+' || c == '.' || c == '^' || c == '$') {
			keep_longest(run, best);
		} else if (*caseless && folds_beyond_ascii(c)) {
			keep_longest(run, best);
		} else {
			strbuf_addch(run, (char)c);
		}
	}
	keep_longest(run, best);
	return depth == 0 && !extended;
}

/*
 * The end of the top-level alternative that starts at @s: its '|' or the
 * NUL.  NULL where the split could be wrong (\Q, an unclosed class).
 */
static const char *alternative_end(const char *s)
{
	size_t depth = 0;

	for (; *s; s++) {
		if (*s == '\\') {
			if (!s[1] || s[1] == 'Q')
				return NULL;
			s++;
		} else if (*s == '[') {
			s = class_end(s);
			if (!*s)
				return NULL;
		} else if (*s == '(') {
			depth++;
		} else if (*s == ')') {
			if (depth)
				depth--;
		} else if (*s == '|' && !depth) {
			break;
		}
	}
	return s;
}

bool regex_required_literal(const char *pat, struct strbuf *out, bool *caseless)
{
	struct strbuf run = STRBUF_INIT, alt = STRBUF_INIT, best = STRBUF_INIT;
	bool ok = true;

	*caseless = false;
	/* an (?i) anywhere makes every literal caseless: find them first */
	for (const char *q = pat; (q = strstr(q, "(?")); q += 2) {
		size_t n;
		bool ext = false;

		option_letters(q, caseless, &ext, &n);
	}
	strbuf_reset(out);
	/* each top-level alternative must have its literal: a line matches by any of them */
	for (const char *a = pat, *e; ok; a = e + 1) {
		if (!(e = alternative_end(a))) {
			ok = false;
			break;
		}
		strbuf_reset(&alt);
		strbuf_add(&alt, a, (size_t)(e - a));
		strbuf_reset(&best);
		ok = walk_top_level(alt.buf, &run, &best, caseless) && best.len >= REGEX_MIN_LITERAL &&
		     !memchr(best.buf, '\n', best.len);
		if (ok) {
			if (out->len)
				strbuf_addch(out, '\n');
			strbuf_add(out, best.buf, best.len);
		}
		if (!*e)
			break;
	}
	strbuf_release(&run);
	strbuf_release(&alt);
	strbuf_release(&best);
	if (!ok)
		strbuf_reset(out);
	return ok;
}
