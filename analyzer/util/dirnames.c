#include "util/dirnames.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int dir_names_read(struct dir_names *dn, const char *dir, bool (*keep)(const char *name))
{
	struct dirent *de;
	DIR *dh;

	memset(dn, 0, sizeof(*dn));
	if (!(dh = opendir(dir)))
		return -1;
	while ((de = readdir(dh))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (keep && !keep(de->d_name))
			continue;
		ALLOC_GROW(dn->at, dn->nr, dn->alloc);
		dn->at[dn->nr++] = xstrdup(de->d_name);
	}
	closedir(dh);
	if (dn->nr > 1)
		qsort(dn->at, dn->nr, sizeof(*dn->at), cmp_names);
	return 0;
}

void dir_names_release(struct dir_names *dn)
{
	for (size_t i = 0; i < dn->nr; i++)
		free(dn->at[i]);
	free(dn->at);
	memset(dn, 0, sizeof(*dn));
}
