/*
 * A set of strings, each stored once: host names and file names are compared
 * by pointer after interning.  Strings live until intern_release().
 */
#ifndef MT_INTERN_H
#define MT_INTERN_H

#include "util/common.h"

struct intern {
	char **slots;
	size_t nr, cap;
};

void intern_init(struct intern *in);
void intern_release(struct intern *in);
/** The stored copy of (s, len), added when new. */
const char *intern_n(struct intern *in, const char *s, size_t len);
const char *intern_str(struct intern *in, const char *s);
/** The stored copy of @s, or NULL when it was never interned (nothing is added). */
const char *intern_lookup(const struct intern *in, const char *s);

#endif
