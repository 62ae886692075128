#include "rules_matcher.h"

static const char *rule_regex_literal(void *ctx, size_t i, bool *caseless)
{
	return log_match_literal(ctx, i, caseless);
}

static void rule_regexes_match(void *ctx, struct span text, const unsigned char *may,
			       const struct src_loc *src, const char *host, unsigned unit)
{
	log_match_line(ctx, text, may, src, host, unit);
}

static bool rule_regexes_match_any(void *ctx, struct span text)
{
	return log_match_any(ctx, text);
}

struct line_matcher rules_matcher(struct log_match *lm)
{
	return (struct line_matcher){
		.nr = log_match_count(lm),
		.literal = rule_regex_literal,
		.match = rule_regexes_match,
		.matches_any = rule_regexes_match_any,
		.ctx = lm,
	};
}
