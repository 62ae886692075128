/* The literal a PCRE2 pattern requires: what lets the log prefilter pass over lines. */
#ifndef MT_REGEX_LITERAL_H
#define MT_REGEX_LITERAL_H

#include "util/common.h"
#include "util/strbuf.h"

/*
 * Literals shorter than this make a prefilter that stops at too many lines
 * to be worth it; a regex without a longer one turns the prefilter off.
 */
#define REGEX_MIN_LITERAL 3

/**
 * A literal that every match of the PCRE2 pattern @pat contains, in @out:
 * the longest run of plain characters outside groups and classes.  A
 * pattern with alternatives at its top level ("a|b") gets one literal per
 * alternative, separated by '\n' (no log line holds one): every match
 * contains one of them.  *caseless when (?i) appears anywhere.  False when
 * an alternative has no such run of REGEX_MIN_LITERAL bytes.
 */
bool regex_required_literal(const char *pat, struct strbuf *out, bool *caseless);

#endif
