#include "engine/log_match.h"
#include "engine/regex_literal.h"
#include "util/xalloc.h"

void log_match_init(struct log_match *lm, const struct ruleset *rs, struct model *m, struct diag *d)
{
	size_t i, n = rs->nr_log_res;

	memset(lm, 0, sizeof(*lm));
	lm->rs = rs;
	lm->model = m;
	lm->diag = d;
	/* each sized for its own pattern's groups: a site regex may have any number */
	lm->md = xcalloc(n ? n : 1, sizeof(*lm->md));
	lm->literals = xcalloc(n ? n : 1, sizeof(*lm->literals));
	lm->caseless = xcalloc(n ? n : 1, sizeof(*lm->caseless));
	for (i = 0; i < n; i++) {
		lm->md[i] = pcre2_match_data_create_from_pattern(rs->log_res[i], NULL);
		strbuf_init(&lm->literals[i]);
		if (!regex_required_literal(rs->log_pats[i], &lm->literals[i], &lm->caseless[i]))
			strbuf_reset(&lm->literals[i]);
	}
	lm->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(lm->mctx, MT_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(lm->mctx, MT_REGEX_DEPTH_LIMIT);
}

void log_match_release(struct log_match *lm)
{
	size_t i;

	for (i = 0; i < log_match_count(lm); i++) {
		pcre2_match_data_free(lm->md[i]);
		strbuf_release(&lm->literals[i]);
	}
	free(lm->md);
	free(lm->literals);
	free(lm->caseless);
	pcre2_match_context_free(lm->mctx);
}

size_t log_match_count(const struct log_match *lm)
{
	return lm->rs->nr_log_res;
}

const char *log_match_literal(const struct log_match *lm, size_t i, bool *caseless)
{
	*caseless = lm->caseless[i];
	return lm->literals[i].len ? lm->literals[i].buf : NULL;
}

/* The named groups of a match, "name=value name=value". */
static char *named_groups(pcre2_code *re, pcre2_match_data *md, struct span text)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	uint32_t count, size, i;
	PCRE2_SPTR table;
	struct strbuf sb = STRBUF_INIT;

	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count; i++) {
		const unsigned char *e = table + (size_t)i * size;
		unsigned n = (unsigned)(e[0] << 8 | e[1]);

		if (ov[2 * n] == PCRE2_UNSET)
			continue;
		strbuf_addf(&sb, "%s%s=%.*s", sb.len ? " " : "", (const char *)e + 2,
			    (int)(ov[2 * n + 1] - ov[2 * n]), text.p + ov[2 * n]);
	}
	return sb.len ? strbuf_detach(&sb) : NULL;
}

void log_match_line(struct log_match *lm, struct span text, const unsigned char *may,
		    const struct src_loc *src, const char *host, unsigned unit)
{
	size_t i, n = log_match_count(lm);
	struct host *h = NULL;

	for (i = 0; i < n; i++) {
		struct log_hit *hit;
		int r;

		if (!may[i])
			continue;
		r = pcre2_match(lm->rs->log_res[i], (PCRE2_SPTR)text.p, text.len, 0, 0, lm->md[i], lm->mctx);

		if (r == PCRE2_ERROR_MATCHLIMIT || r == PCRE2_ERROR_DEPTHLIMIT || r == PCRE2_ERROR_HEAPLIMIT) {
			/* a catastrophic regex in a site rule: stopped, said once, the run goes on */
			if (!lm->stopped++)
				diag_warn(lm->diag, src->file, src->line,
					  "a rule's log regex hit its match limit (%u steps) on this line and was stopped; check it for nested repeats",
					  MT_REGEX_MATCH_LIMIT);
			continue;
		}
		if (r < 0)
			continue;
		if (!h)
			h = model_host(lm->model, host, unit);
		if (!h->nr_log_hits) {
			h->log_hits = xcalloc(n, sizeof(*h->log_hits));
			h->nr_log_hits = n;
		}
		hit = &h->log_hits[i];
		if (hit->count < LOG_HIT_LOCS)
			hit->locs[hit->count] = *src;
		if (!hit->count++)
			hit->groups = named_groups(lm->rs->log_res[i], lm->md[i], text);
	}
}

bool log_match_any(struct log_match *lm, struct span text)
{
	bool any = false;

	for (size_t i = 0; i < log_match_count(lm); i++)
		any |= pcre2_match(lm->rs->log_res[i], (PCRE2_SPTR)text.p, text.len, 0, 0, lm->md[i],
				   lm->mctx) >= 0;
	return any;
}
