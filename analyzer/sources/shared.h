/* What several sources share: how sysctl keys and values are read, a zone header line, DMI strings. */
#ifndef MT_SOURCES_SHARED_H
#define MT_SOURCES_SHARED_H

#include "facts/platform.h"
#include "sources/source.h"
#include "util/strbuf.h"

/* in_sysctl.c */
/** "vm/dirty_ratio" or "-vm.dirty_ratio" as "vm.dirty_ratio" into @out; false for no key. */
bool sysctl_key(struct strbuf *out, struct span key);
/** @prefix@key = @val: FACT_INT when one number, else FACT_STR with blanks collapsed. */
bool sysctl_store(struct parse_ctx *ctx, unsigned line, const char *prefix, const char *key,
		  struct span val);

/* in_zoneinfo.c */
/** "Node    0, zone   Normal" at *@p: true with the node and zone name, *@p past them. */
bool scan_node_zone(const char **p, const char *end, uint64_t *node, struct span *zone);

/* in_dmidecode.c */
/** The hypervisor ("none" when they name none) and platform (or NULL) of DMI strings; any may be empty. */
struct platform dmi_platform(struct span vendor, struct span product, struct span bios, struct span asset);

#endif
