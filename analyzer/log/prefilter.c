#include "log/prefilter.h"
#include "util/scan.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

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

/*
 * A pattern's required literal as a Vectorscan pattern: its alternatives
 * ('\n' between them) each escaped, cut to PF_MAX_LITERAL (a prefix of a
 * required literal is required too), joined with '|'.
 */
static char *any_of_escaped(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *a = text, *e;; a = e + 1) {
		size_t len;
		char *one;

		e = strchr(a, '\n');
		len = e ? (size_t)(e - a) : strlen(a);
		one = escaped(a, len < PF_MAX_LITERAL ? len : PF_MAX_LITERAL);
		if (sb.len)
			strbuf_addch(&sb, '|');
		strbuf_addstr(&sb, one);
		free(one);
		if (!e)
			break;
	}
	return strbuf_detach(&sb);
}

struct prefilter *prefilter_new(const struct pf_literal *lits, size_t nr_lits,
				const struct pf_literal *required, size_t nr_required, const char **why)
{
	size_t n = nr_lits + nr_required, i, m = 0;
	unsigned nul_id = NO_NUL;
	char **pats = xcalloc(n, sizeof(*pats));
	unsigned *flags = xcalloc(n, sizeof(*flags)), *ids = xcalloc(n, sizeof(*ids));
	struct prefilter *pf = NULL;
	hs_database_t *db = NULL;
	hs_compile_error_t *err = NULL;

	*why = NULL;
	for (i = 0; i < nr_lits + nr_required && !*why; i++) {
		const struct pf_literal *l = i < nr_lits ? &lits[i] : &required[i - nr_lits];

		if (i < nr_lits && !*l->text) {
			nul_id = (unsigned)i;
			continue;
		}
		if (!l->text)
			*why = "a pattern has no literal";
		ids[m] = (unsigned)i;
		flags[m] = l->caseless ? HS_FLAG_CASELESS : 0;
		pats[m++] = any_of_escaped(l->text ? l->text : "");
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
		pf->nr_regexes = (unsigned)nr_required;
		pf->nul_id = nul_id;
	}
	for (i = 0; i < m; i++)
		free(pats[i]);
	free(pats);
	free(flags);
	free(ids);
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
	ALLOC_GROW_TO(to->at, to->nr + n, to->alloc);
	for (size_t i = 0; i < n; i++) {
		to->at[to->nr + i] = from->at[from->head + i];
		to->at[to->nr + i].lines += to->lines;
	}
	to->nr += n;
	to->lines += from->lines;
	pf_hits_reset(from);
}
