#include "log/prefilter.h"
#include "util/scan.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <limits.h>
#include <hs/hs.h>

struct prefilter {
	hs_database_t *db;
	unsigned first_regex, nr_regexes; /* the ids of the regexes' literals */
	/*
	 * The NUL byte's id, or NO_NUL: it is searched with memchr, not by
	 * Vectorscan, whose literal matcher a one-byte literal among many others
	 * slows by half (100 rule literals of 7 bytes: 0.41 s a GiB without it,
	 * 0.80 s with it).
	 */
	unsigned nul_id;
};

#define NO_NUL UINT_MAX

/* ---- the literal a regex requires ------------------------------------------ */

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

bool regex_required_literal(const char *pat, struct strbuf *out, bool *caseless)
{
	struct strbuf run = STRBUF_INIT;
	bool ok;

	*caseless = false;
	/* an (?i) anywhere makes every literal caseless: find them first */
	for (const char *q = pat; (q = strstr(q, "(?")); q += 2) {
		size_t n;
		bool ext = false;

		option_letters(q, caseless, &ext, &n);
	}
	strbuf_reset(out);
	ok = walk_top_level(pat, &run, out, caseless);
	strbuf_release(&run);
	if (!ok)
		strbuf_reset(out);
	return ok && out->len >= PF_MIN_LITERAL;
}

/* ---- the database ---------------------------------------------------------- */

/* Every byte as \xHH: Vectorscan takes patterns, and a literal must stay one. */
static char *escaped(const char *p, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "\\x%02x", (unsigned char)p[i]);
	return strbuf_detach(&sb);
}

struct prefilter *prefilter_new(const char *const *lits, size_t nr_lits,
				const char *const *regexes, size_t nr_regexes, const char **why)
{
	size_t n = nr_lits + nr_regexes, i, m = 0;
	unsigned nul_id = NO_NUL;
	char **pats = xcalloc(n, sizeof(*pats));
	unsigned *flags = xcalloc(n, sizeof(*flags)), *ids = xcalloc(n, sizeof(*ids));
	struct strbuf lit = STRBUF_INIT;
	struct prefilter *pf = NULL;
	hs_database_t *db = NULL;
	hs_compile_error_t *err = NULL;

	*why = NULL;
	for (i = 0; i < nr_lits; i++) { /* all short: no cut to PF_MAX_LITERAL */
		if (!*lits[i]) {
			nul_id = (unsigned)i;
			continue;
		}
		ids[m] = (unsigned)i;
		pats[m++] = escaped(lits[i], strlen(lits[i]));
	}
	for (i = 0; i < nr_regexes && !*why; i++) {
		bool caseless;

		if (!regex_required_literal(regexes[i], &lit, &caseless))
			*why = regexes[i];
		ids[m] = (unsigned)(nr_lits + i);
		flags[m] = caseless ? HS_FLAG_CASELESS : 0;
		pats[m++] = escaped(lit.buf, lit.len < PF_MAX_LITERAL ? lit.len : PF_MAX_LITERAL);
	}
	if (!*why && hs_compile_multi((const char *const *)pats, flags, ids, (unsigned)m,
				      HS_MODE_VECTORED, NULL, &db, &err) != HS_SUCCESS) {
		*why = "the literal search could not be compiled";
		hs_free_compile_error(err);
	}
	if (!*why) {
		pf = xcalloc(1, sizeof(*pf));
		pf->db = db;
		pf->first_regex = (unsigned)nr_lits;
		pf->nr_regexes = (unsigned)nr_regexes;
		pf->nul_id = nul_id;
	}
	for (i = 0; i < m; i++)
		free(pats[i]);
	free(pats);
	free(flags);
	free(ids);
	strbuf_release(&lit);
	return pf;
}

void prefilter_free(struct prefilter *pf)
{
	if (!pf)
		return;
	hs_free_database(pf->db);
	free(pf);
}

/* ---- hits ------------------------------------------------------------------ */

int prefilter_regex(const struct prefilter *pf, unsigned id)
{
	return id >= pf->first_regex && id - pf->first_regex < pf->nr_regexes ? (int)(id - pf->first_regex) : -1;
}

const struct pf_hit *pf_hits_from(struct pf_hits *h, uint64_t after, size_t *n)
{
	while (h->head < h->nr && h->at[h->head].end <= after)
		h->head++;
	*n = h->nr - h->head;
	return *n ? h->at + h->head : NULL; /* no NULL + 0 before the first hit */
}

void pf_hits_reset(struct pf_hits *h)
{
	h->nr = h->head = 0;
	h->lines = 0;
}

void pf_hits_release(struct pf_hits *h)
{
	free(h->at);
	memset(h, 0, sizeof(*h));
}

/* ---- scanning -------------------------------------------------------------- */

struct block_scan {
	struct pf_hits *out;
	size_t from;                 /* the block's first hit in out */
	const char *p;               /* the block, at file offset off */
	uint64_t off;
	size_t nbefore;
};

/*
 * One hit of a pattern per line is all the reader needs: a run of the same
 * literal (the NULs of a hole a crash left, megabytes of them) is one, its
 * end moved along (any end in the line stands for the line).
 */
static bool same_line_again(const struct block_scan *bs, unsigned id, uint64_t end)
{
	struct pf_hit *last = bs->out->nr > bs->from ? &bs->out->at[bs->out->nr - 1] : NULL;

	if (!last || last->id != id || last->end > end ||
	    memchr(bs->p + (last->end - bs->off), '\n', (size_t)(end - last->end)))
		return false;
	last->end = end;
	return true;
}

static void add_hit(struct pf_hits *h, uint64_t end, unsigned id)
{
	ALLOC_GROW(h->at, h->nr, h->alloc);
	h->at[h->nr++] = (struct pf_hit){ .end = end, .id = id };
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to,
		    unsigned flags, void *ctx)
{
	struct block_scan *bs = ctx;
	uint64_t end;

	(void)from, (void)flags;
	if (to <= bs->nbefore)
		return 0; /* the block before has it */
	end = bs->off + (to - bs->nbefore);
	if (!same_line_again(bs, id, end))
		add_hit(bs->out, end, id);
	return 0;
}

static int cmp_hits(const void *a, const void *b)
{
	uint64_t x = ((const struct pf_hit *)a)->end, y = ((const struct pf_hit *)b)->end;

	return (x > y) - (x < y);
}

void pf_scanner_init(struct pf_scanner *sc, struct prefilter *pf)
{
	hs_scratch_t *scratch = NULL;

	if (hs_alloc_scratch(pf->db, &scratch) != HS_SUCCESS) {
		fputs("memtriage: error: out of memory\n", stderr);
		exit(5);
	}
	sc->pf = pf;
	sc->scratch = scratch;
}

void pf_scanner_release(struct pf_scanner *sc)
{
	if (sc->scratch)
		hs_free_scratch(sc->scratch);
	memset(sc, 0, sizeof(*sc));
}

/* The newlines before each new hit (from @from on) and in the whole block. */
static void count_lines(struct pf_hits *out, size_t from, const char *p, size_t n, uint64_t off)
{
	size_t done = 0;

	for (size_t i = from; i < out->nr; i++) {
		size_t upto = (size_t)(out->at[i].end - off);

		out->lines += count_char(p + done, upto - done, '\n');
		out->at[i].lines = out->lines;
		done = upto;
	}
	out->lines += count_char(p + done, n - done, '\n');
}

/* The NUL bytes of p[0, n), at file offset @off: one hit in each line that has some. */
static void nul_hits(struct pf_hits *out, unsigned id, const char *p, size_t n, uint64_t off)
{
	const char *q = p, *end = p + n;

	while ((q = memchr(q, '\0', (size_t)(end - q)))) {
		add_hit(out, off + (uint64_t)(q - p) + 1, id);
		if (!(q = memchr(q, '\n', (size_t)(end - q))))
			break;
	}
}

/* One piece of a block, scanned then counted while it is in the cache. */
static void scan_piece(struct pf_scanner *sc, const char *before, size_t nbefore, const char *p,
		       size_t n, uint64_t off, struct pf_hits *out)
{
	const char *data[2] = { before, p };
	unsigned len[2] = { (unsigned)nbefore, (unsigned)n };
	size_t from = out->nr;
	struct block_scan bs = { out, from, p, off, nbefore };

	hs_scan_vector(sc->pf->db, data, len, 2, 0, sc->scratch, on_match, &bs);
	if (sc->pf->nul_id != NO_NUL)
		nul_hits(out, sc->pf->nul_id, p, n, off);
	/* matches come in end order within a pattern, not always across them */
	for (size_t i = from + 1; i < out->nr; i++) {
		if (out->at[i].end < out->at[i - 1].end) {
			qsort(out->at + from, out->nr - from, sizeof(*out->at), cmp_hits);
			break;
		}
	}
	count_lines(out, from, p, n, off);
}

#define PF_PIECE (64u * 1024u)

void pf_scan_block(struct pf_scanner *sc, const char *before, size_t nbefore, const char *p,
		   size_t n, uint64_t off, struct pf_hits *out)
{
	for (size_t at = 0; at < n; at += PF_PIECE) {
		size_t len = n - at < PF_PIECE ? n - at : PF_PIECE;

		if (at)
			scan_piece(sc, p + at - PF_BEFORE, PF_BEFORE, p + at, len, off + at, out);
		else
			scan_piece(sc, before, nbefore, p, len, off, out);
	}
}

void pf_hits_move(struct pf_hits *to, struct pf_hits *from)
{
	size_t n = from->nr - from->head;

	if (to->head == to->nr)
		to->head = to->nr = 0;
	if (to->nr + n > to->alloc) {
		to->alloc = 2 * (to->nr + n);
		to->at = xrealloc(to->at, to->alloc * sizeof(*to->at));
	}
	for (size_t i = 0; i < n; i++) {
		to->at[to->nr + i] = from->at[from->head + i];
		to->at[to->nr + i].lines += to->lines;
	}
	to->nr += n;
	to->lines += from->lines;
	pf_hits_reset(from);
}
