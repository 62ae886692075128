/*
 * The templates of rules: a cause's summary and a recommendation's effect
 * (rules/README.md), whose "{name}" placeholders are filled in from the
 * event, the rule's parameters and, in an effect, the recommended and the
 * running value of the sysctl.
 */
#ifndef MT_TEMPLATE_H
#define MT_TEMPLATE_H

#include "engine/event_fields.h"
#include "engine/rule.h"

struct template_env {
	const struct oom_event *e;   /* the event the words are about; NULL when the rule rests on none */
	const struct rule *rule;     /* for "{$param}" */
	struct field_ctx ctx;        /* the host's kernel, for the fields that depend on it */
	/* an effect's; NULL or false in a summary */
	const char *value;           /* "{value}": the recommended value, as the writers show it */
	bool value_is_num;
	double value_num;
	const char *current;         /* "{current}": the running value in words; NULL: unknown */
	bool current_is_num;
	double current_num;
	const char *current_why;     /* when it is unknown: what the inputs lack, and what would give it */
};

/** @tmpl with its placeholders in words, into @sb; an unknown value is "?" (a summary). */
void template_expand(struct strbuf *sb, const char *tmpl, const struct template_env *env);
/**
 * The clauses of an effect, "; "-separated: each clause in words when all
 * its values are known, else what the inputs lack for each unknown one
 * (each said once).  The caller frees the result.
 */
char *template_effect(char *const *clauses, size_t nr, const struct template_env *env);
/**
 * Whether @name may stand between the braces of a summary (@effect false) or
 * an effect; if not, *why says what it is not.
 */
bool template_name_ok(const char *name, const struct rule *r, bool effect, const char **why);

#endif
