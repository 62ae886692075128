/*
 * The words the kernel prints in every report, each kept once for the whole
 * run: the names of counters and fields ("nr_free_pages", "min"), of task
 * table columns, of zones and of call trace functions.  A log full of OOMs
 * prints the same few hundred of them tens of thousands of times, and a
 * copy of each is most of what a report would otherwise keep.
 *
 * Not locked: the reports are read on one thread (the read-ahead thread
 * only reads and prefilters).
 */
#ifndef MT_VOCAB_H
#define MT_VOCAB_H

#include "util/common.h"
#include "util/scan.h"

/** The run's copy of (s, len) up to any NUL in it, valid until vocab_release() (at exit). */
const char *vocab_n(const char *s, size_t len);
const char *vocab_str(const char *s);
const char *vocab_span(struct span s);
/** Every copy freed; registered with atexit() by the first vocab_n(). */
void vocab_release(void);

#endif
