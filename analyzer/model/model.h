/*
 * The host model: every host memtriage heard of, and what happened to it.
 * Parsers add to it; rules and reports only read it.
 */
#ifndef MT_MODEL_H
#define MT_MODEL_H

#include "oom/oom_event.h"
#include "util/intern.h"

struct host {
	const char *name;            /* interned; NULL when the inputs name no host */
	unsigned origin;             /* the PATH argument an unnamed host came from */
	const char *origin_path;
	struct oom_event **events;
	size_t nr_events, alloc_events;
	const char *kernel;          /* interned, newest seen */
	const char *hardware;
	const char *hypervisor;      /* "vmware", "hyperv", "kvm", "xen", "virtualbox", "none" or NULL */
	size_t duplicates;           /* events seen twice (dmesg and messages) and merged */
};

struct model {
	struct intern strings;       /* host names, file names */
	struct host **hosts;
	size_t nr_hosts, alloc_hosts;
	const char **origins;        /* the PATH arguments, by origin */
	size_t nr_origins;
};

void model_init(struct model *m);
void model_release(struct model *m);
/** The host called @name (NULL: the unnamed host of @origin), created when new. */
struct host *model_host(struct model *m, const char *name, unsigned origin);
/** Add an event to its host; the model owns it from now on. */
void model_add_event(struct model *m, struct oom_event *e, unsigned origin);

struct model_filter {
	const char *host;            /* keep hosts of this name (short or FQDN), or NULL */
	bool has_since, has_until;
	int64_t since, until;        /* epoch seconds */
};

/**
 * Once every input is read: order each host's events in time, merge the
 * ones seen twice, derive the host's kernel and hypervisor, apply @f.
 */
void model_finish(struct model *m, const struct model_filter *f);
/** Seconds since the epoch of @e, when its time is known. */
bool event_epoch(const struct oom_event *e, int64_t *out);
/** "vmware", "hyperv"... from a DMI "Hardware name:" string, or NULL. */
const char *hypervisor_from_hardware(const char *hw);

#endif
