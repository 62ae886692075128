/* Facts computed from other facts once a snapshot is read, e.g. the hypervisor from its many witnesses. */
#ifndef MT_DERIVE_H
#define MT_DERIVE_H

#include "facts/fact.h"
#include "util/scan.h"

/** major*65536 + minor*256 + patch of "2.6.32-754.el6.x86_64" (a sublevel above 255 counts as 255, as KERNEL_VERSION() has it); -1 if none. */
int64_t kernel_version_code(struct span release);
void facts_derive(struct factstore *fs);

struct fact_def;
/** The catalog entries of the derived facts, terminated by a NULL name. */
const struct fact_def *derived_fact_defs(void);

#endif
