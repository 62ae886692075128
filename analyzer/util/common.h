/*
 * Included first by every file of memtriage: the few macros all modules
 * share, the named limits, and the list of banned libc functions.
 */
#ifndef MT_COMMON_H
#define MT_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MT_UNUSED __attribute__((unused))
#define MT_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Longest log line kept whole; the rest of a longer line is dropped with a warning. */
#define MT_MAX_LINE (1024u * 1024u)
/* Most rows kept of one OOM task table (real tables reach a few thousand). */
#define MT_MAX_TASKS 65536u
/* Most lines one OOM report may span before it is closed as incomplete. */
#define MT_MAX_REPORT_LINES 200000u
/* Steps and backtracking depth a rule's regex may take on one line before it is stopped. */
#define MT_REGEX_MATCH_LIMIT 100000u
#define MT_REGEX_DEPTH_LIMIT 1000u
/* A compressed stream stops being read past this size when it also inflates beyond the ratio. */
#define MT_BOMB_SIZE (1ull << 30)
#define MT_BOMB_RATIO 1000u
/* Most facts kept of one snapshot, and most hosts of one run: past them, dropped and counted. */
#define MT_MAX_FACTS 500000u
#define MT_MAX_HOSTS 100000u
/* Deepest directory level walked below a PATH argument. */
#define MT_MAX_DEPTH 64u

#include "util/banned.h"

#endif
