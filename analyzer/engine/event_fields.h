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
	char *const *list;           /* FV_LIST: the call trace */
	size_t nr;
	char buf[192];               /* room for a computed string */
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
/** The value of @name for @e; FV_NONE when the event does not say. */
void event_field_get(const struct oom_event *e, const char *name, struct fval *out);
/**
 * @fv in words, by its name's unit: "_kb" and "_mb" as sizes, "_share" as
 * a percentage, "_s" in seconds; "?" when the event does not say.
 */
void fval_format(struct strbuf *sb, const char *name, const struct fval *fv);
/** Every field name with its meaning, for docs and --explain. */
void event_fields_print(FILE *out);

#endif
