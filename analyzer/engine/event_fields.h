/*
 * The fields of an event that rules can test (rules/README.md lists them):
 * what the kernel printed, and a few numbers computed from it (shares of
 * memory, zones below their watermark, whether the victim was the biggest
 * task).  Data access only: no thresholds here.
 */
#ifndef MT_EVENT_FIELDS_H
#define MT_EVENT_FIELDS_H

#include "oom/oom_event.h"
#include "util/strbuf.h"

struct fval {
	enum { FV_NONE, FV_NUM, FV_STR, FV_LIST } kind;
	double num;
	const char *str;
	const char *const *list;     /* FV_LIST: the call trace */
	size_t nr;
	char buf[192];               /* room for a computed string */
};

/* What a field of a recommendation's effect is computed with, beside the event. */
struct field_ctx {
	int64_t kernel;              /* the host's kernel version code; -1: unknown (the report's is tried) */
	double arg;                  /* the sysctl value a field "NAME(V)" is computed at */
};

/* A program of the task table: every row of one name, resident + swapped. */
struct program {
	const char *name;
	size_t tasks;
	int64_t kb;                  /* rss + swapents, kB */
};

/** The programs of @e's task table, biggest first (free() it); NULL when it has no rss column. */
struct program *event_programs(const struct oom_event *e, size_t *nr);

bool event_field_known(const char *name);
/** Whether @name is computed at a sysctl value ("dirty.limit_kb(value)"): only effects can name it. */
bool event_field_takes_arg(const char *name);
/**
 * The value of @name for @e; FV_NONE when the event does not say, with
 * what it lacks in fv.str when the field knows.
 */
void event_field_get(const struct oom_event *e, const char *name, struct fval *out);
/** The same with the host's kernel and, for a field that takes one, the value (@c may be NULL). */
void event_field_get_at(const struct oom_event *e, const char *name, const struct field_ctx *c,
			struct fval *out);
/**
 * The line of @e's report that field @name is read from, beside its first
 * (the swap totals for "swap.*", the task table for "tasks.*", ...): false
 * when the field has no part of its own or the report did not print it in
 * its first line's file.
 */
bool event_field_src(const struct oom_event *e, const char *name, struct src_loc *out);
/** What field @name is, in words ("?" for no field). */
const char *event_field_doc(const char *name);
/** Why @fv (of field @name) is unknown, in words: what the inputs lack. */
void event_field_why(const char *name, const struct fval *fv, struct strbuf *sb);
/**
 * @fv in words, by its name's unit: "_kb" and "_mb" as sizes, "_share" as
 * a percentage, "_s" in seconds; "?" when the event does not say.
 */
void fval_format(struct strbuf *sb, const char *name, const struct fval *fv);
/** Every field name with its meaning, for docs and --explain. */
void event_fields_print(FILE *out);

#endif
