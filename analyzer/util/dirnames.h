/*
 * The names in a directory, sorted byte-wise: memtriage reads a folder's
 * files (inputs, rules) in that order, the same on every machine whatever
 * order readdir() gives.
 */
#ifndef MT_DIRNAMES_H
#define MT_DIRNAMES_H

#include "util/common.h"

struct dir_names {
	char **at;
	size_t nr, alloc;
};

/**
 * Read the names in @dir into @dn, but "." and "..", and of the rest only
 * those @keep accepts (NULL: all), sorted.  0, or -1 with errno when @dir
 * cannot be read (@dn is then empty).  Free with dir_names_release().
 */
int dir_names_read(struct dir_names *dn, const char *dir, bool (*keep)(const char *name));
void dir_names_release(struct dir_names *dn);

#endif
