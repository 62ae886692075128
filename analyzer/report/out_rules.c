/* --list-rules and --explain ID: the rules as their authors wrote them. */
#include "report/report.h"

void rules_list(FILE *out, const struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nr; i++) {
		const struct rule *r = &rs->rules[i];

		fprintf(out, "%-36s %-8s %s%s\n", r->id, severity_names[r->severity], r->title,
			r->disabled ? " (disabled)" : "");
	}
}

static void indent(FILE *out, unsigned depth)
{
	while (depth--)
		fputs("  ", out);
}

static void print_rvalue(FILE *out, const struct rvalue *v)
{
	fprintf(out, "%s%s", v->kind == RV_PARAM ? "$" : "", v->str ? v->str : "?");
}

static void print_tests(FILE *out, const struct tests *ts)
{
	size_t i, k;

	for (i = 0; i < ts->nr; i++) {
		const struct test *t = &ts->items[i];

		fprintf(out, " %s ", cmp_op_names[t->op]);
		if (t->op == OP_IN) {
			fputc('[', out);
			for (k = 0; k < t->nr_list; k++) {
				fputs(k ? ", " : "", out);
				print_rvalue(out, &t->list[k]);
			}
			fputc(']', out);
		} else if (t->op == OP_EXISTS) {
			fputs(t->v.num ? "true" : "false", out);
		} else if (t->op != OP_MATCHES) {
			print_rvalue(out, &t->v);
		} else {
			fputs("<regex>", out);
		}
	}
}

static void print_cond(FILE *out, const struct cond *c, unsigned depth)
{
	size_t i;

	indent(out, depth);
	switch (c->kind) {
	case C_ALL:
	case C_ANY:
	case C_NOT:
		fprintf(out, "%s:\n", c->kind == C_ALL ? "all of" : c->kind == C_ANY ? "any of" : "not");
		for (i = 0; i < c->nr_kids; i++)
			print_cond(out, c->kids[i], depth + 1);
		return;
	case C_FACT:
		fprintf(out, "fact %s", c->fact);
		break;
	case C_RATIO:
		fprintf(out, "ratio %s / %s", c->fact, c->fact2);
		break;
	case C_KERNEL:
		fputs("kernel", out);
		break;
	case C_HYPERVISOR:
		fputs("hypervisor is", out);
		for (i = 0; i < c->nr_words; i++)
			fprintf(out, " %s", c->words[i]);
		break;
	case C_EVENTS:
		fputs("events", out);
		for (i = 0; i < c->nr_words; i++)
			fprintf(out, "%s%s", i ? "|" : " of type ", c->words[i]);
		for (i = 0; i < c->nr_where; i++) {
			fprintf(out, "%s %s", i ? "," : " where", c->where[i].field);
			print_tests(out, &c->where[i].tests);
		}
		if (c->same)
			fprintf(out, ", largest group of equal %s", c->same);
		fputs(", count", out);
		if (!c->tests.nr)
			fputs(" ge 1", out);
		break;
	case C_LOG:
		fprintf(out, "log lines matching /%s/, count", c->pattern ? c->pattern : "");
		if (!c->tests.nr)
			fputs(" ge 1", out);
		break;
	case C_CHECK:
		fprintf(out, "check %s", c->check);
		break;
	default:
		break;
	}
	print_tests(out, &c->tests);
	fputc('\n', out);
}

void rule_explain(FILE *out, const struct rule *r)
{
	size_t i;

	fprintf(out, "%s (%s)%s\n  %s\n  defined at %s:%u\n\n", r->id, severity_names[r->severity],
		r->disabled ? " (disabled)" : "", r->title, r->loc.file, r->loc.line);
	print_wrapped(out, r->explanation, 2, 78);
	if (r->nr_params) {
		fputs("\nParameters:\n", out);
		for (i = 0; i < r->nr_params; i++) {
			fprintf(out, "  %s = ", r->params[i].name);
			print_rvalue(out, &r->params[i].v);
			fputc('\n', out);
		}
	}
	fputs("\nFires when:\n", out);
	if (r->when)
		print_cond(out, r->when, 1);
	if (r->nr_recs)
		fputs("\nRecommends:\n", out);
	for (i = 0; i < r->nr_recs; i++) {
		const struct rec *rec = &r->recs[i];

		if (rec->sysctl) {
			fprintf(out, "  sysctl %s = ", rec->sysctl);
			if (rec->value.fact)
				fprintf(out, "%s x %g", rec->value.fact, rec->value.times);
			else
				print_rvalue(out, &rec->value.lit);
		} else {
			fprintf(out, "  %s", rec->action);
		}
		if (rec->kernel.nr) {
			fputs(" (kernel", out);
			print_tests(out, &rec->kernel);
			fputc(')', out);
		}
		fprintf(out, "\n    because %s\n", rec->reason);
	}
	if (r->nr_refs)
		fputs("\nReferences:\n", out);
	for (i = 0; i < r->nr_refs; i++)
		fprintf(out, "  %s\n", r->refs[i]);
}
