#include "engine/template.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* How an effect names the event it computed its numbers at: "the OOM kill at messages:328". */
static const char *const type_words[] = { "OOM kill", "OOM panic", "allocation failure", "userspace kill" };
_Static_assert(ARRAY_SIZE(type_words) == OOM__TYPES, "one word per event type");

/* "dirty.limit_kb(value)": the field and its argument ("value", "current"); no argument: NULL. */
static char *split_arg(const char *name, const char **arg)
{
	const char *open = strchr(name, '(');
	size_t n = strlen(name);

	*arg = NULL;
	if (!open || n < 2 || name[n - 1] != ')')
		return xstrdup(name);
	*arg = open + 1;
	return xstrndup(name, (size_t)(open - name));
}

static bool arg_is(const char *arg, const char *word)
{
	size_t n = strlen(word);

	return !strncmp(arg, word, n) && arg[n] == ')' && !arg[n + 1];
}

bool template_name_ok(const char *name, const struct rule *r, bool effect, const char **why)
{
	const char *arg;
	char *field = split_arg(name, &arg);
	bool ok;

	*why = NULL;
	if (name[0] == '$') {
		ok = r && rule_param(r, name + 1);
		*why = "no parameter of this rule";
	} else if (!strcmp(name, "value") || !strcmp(name, "current") || !strcmp(name, "event")) {
		ok = effect;
		*why = "for effects only";
	} else if (arg) {
		ok = effect && event_field_takes_arg(field) && (arg_is(arg, "value") || arg_is(arg, "current"));
		*why = !effect ? "for effects only" : !event_field_takes_arg(field) ?
			"no event field computed at a value (see docs/facts.md)" : "computed at (value) or (current) only";
	} else {
		ok = event_field_known(name) && !event_field_takes_arg(name);
		*why = event_field_known(name) ? "computed at a value: write it NAME(value) or NAME(current)" :
			"no event field (see docs/facts.md)";
	}
	free(field);
	return ok;
}

/* "{event}": the event the numbers are of. */
static bool name_event(struct strbuf *sb, const struct template_env *env, struct strbuf *why)
{
	const char *file, *slash;

	if (!env->e) {
		strbuf_addstr(why, "the rule rests on no OOM event of this host");
		return false;
	}
	file = env->e->src.file ? env->e->src.file : "?";
	slash = strrchr(file, '/');
	strbuf_addf(sb, "the %s at %s:%u", type_words[env->e->type], slash ? slash + 1 : file, env->e->src.line);
	return true;
}

/* A field computed at the recommended or the running value: "{dirty.limit_kb(current)}". */
static bool arg_field(struct strbuf *sb, const char *field, const char *arg, const struct template_env *env,
		      struct strbuf *why)
{
	bool at_value = arg_is(arg, "value");
	struct field_ctx c = env->ctx;
	struct fval fv;

	if (at_value ? !env->value_is_num : !env->current_is_num) {
		strbuf_addstr(why, at_value ? "the recommended value is not one number" :
			      env->current_why ? env->current_why : "the running value is not one number");
		return false;
	}
	if (!env->e) {
		strbuf_addf(why, "the rule rests on no OOM event of this host to compute %s at", field);
		return false;
	}
	c.arg = at_value ? env->value_num : env->current_num;
	event_field_get_at(env->e, field, &c, &fv);
	if (fv.kind == FV_NONE) {
		event_field_why(field, &fv, why);
		return false;
	}
	fval_format(sb, field, &fv);
	return true;
}

/* One placeholder in words into @sb; false, with what the inputs lack in @why, when unknown. */
static bool placeholder(struct strbuf *sb, const char *name, const struct template_env *env, struct strbuf *why)
{
	const char *arg;
	char *field;
	struct fval fv;
	bool ok = true;

	if (name[0] == '$') {
		const struct rvalue *pv = env->rule ? rule_param(env->rule, name + 1) : NULL;

		if (pv)
			rvalue_format(sb, pv);
		else
			strbuf_addf(why, "the rule has no parameter %s", name + 1);
		return pv != NULL;
	}
	if (!strcmp(name, "value") || !strcmp(name, "current")) {
		const char *text = name[0] == 'v' ? env->value : env->current;

		if (text)
			strbuf_addstr(sb, text);
		else
			strbuf_addstr(why, env->current_why ? env->current_why : "the running value is not in the inputs");
		return text != NULL;
	}
	if (!strcmp(name, "event"))
		return name_event(sb, env, why);
	field = split_arg(name, &arg);
	if (arg) {
		ok = arg_field(sb, field, arg, env, why);
	} else if (!env->e) {
		strbuf_addf(why, "the rule rests on no OOM event of this host to give %s", field);
		ok = false;
	} else {
		event_field_get_at(env->e, field, &env->ctx, &fv);
		if (fv.kind == FV_NONE) {
			event_field_why(field, &fv, why);
			ok = false;
		} else {
			fval_format(sb, field, &fv);
		}
	}
	free(field);
	return ok;
}

/*
 * Walk @tmpl: text into @sb, each placeholder in words; an unknown one is
 * "?" in @sb and what it lacks is added to @lacks (each reason once).
 * Returns whether every placeholder was known.
 */
static bool expand(struct strbuf *sb, const char *tmpl, const struct template_env *env, struct strbuf *lacks)
{
	const char *p = tmpl, *open, *close;
	struct strbuf why = STRBUF_INIT;
	bool all = true;

	while ((open = strchr(p, '{')) && (close = strchr(open, '}'))) {
		char *name = xstrndup(open + 1, (size_t)(close - open - 1));

		strbuf_add(sb, p, (size_t)(open - p));
		strbuf_reset(&why);
		if (!placeholder(sb, name, env, &why)) {
			all = false;
			strbuf_addstr(sb, "?");
			if (!strstr(lacks->buf, why.buf))
				strbuf_addf(lacks, "%s%s", lacks->len ? "; " : "", why.buf);
		}
		free(name);
		p = close + 1;
	}
	strbuf_addstr(sb, p);
	strbuf_release(&why);
	return all;
}

void template_expand(struct strbuf *sb, const char *tmpl, const struct template_env *env)
{
	struct strbuf lacks = STRBUF_INIT;

	expand(sb, tmpl, env, &lacks);
	strbuf_release(&lacks);
}

char *template_effect(char *const *clauses, size_t nr, const struct template_env *env)
{
	struct strbuf out = STRBUF_INIT, clause = STRBUF_INIT, lacks = STRBUF_INIT;
	size_t i;

	for (i = 0; i < nr; i++) {
		strbuf_reset(&clause);
		strbuf_reset(&lacks);
		if (expand(&clause, clauses[i], env, &lacks))
			strbuf_addf(&out, "%s%s", out.len ? "; " : "", clause.buf);
		else if (!strstr(out.buf, lacks.buf))
			strbuf_addf(&out, "%s%s", out.len ? "; " : "", lacks.buf);
	}
	strbuf_release(&clause);
	strbuf_release(&lacks);
	return strbuf_detach(&out);
}
