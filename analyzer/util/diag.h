/*
 * Diagnostics about the inputs: "FILE:LINE: warning: message" on stderr as
 * they happen (when echo is on) and kept for the report's "errors" list.
 * Lower layers never exit; they report here and go on.
 */
#ifndef MT_DIAG_H
#define MT_DIAG_H

#include "util/common.h"

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag_msg {
	enum diag_level level;
	char *input;     /* file name as the user would find it; owned */
	unsigned line;   /* 1-based, 0 when the whole input is meant */
	char *text;      /* owned */
};

struct diag {
	struct diag_msg *msgs;
	size_t nr, alloc;
	FILE *echo;      /* where to print as they come; NULL to only collect */
	size_t max_kept; /* beyond this, messages are counted but not kept */
	size_t dropped;
	size_t errors;   /* error-level messages said so far, kept or not */
};

void diag_init(struct diag *d, FILE *echo);
void diag_release(struct diag *d);
void diag_warn(struct diag *d, const char *input, unsigned line, const char *fmt, ...) MT_PRINTF(4, 5);
/** Same as diag_warn at error level; returns -1 so that "return diag_error(...)" works. */
int diag_error(struct diag *d, const char *input, unsigned line, const char *fmt, ...) MT_PRINTF(4, 5);

#endif
