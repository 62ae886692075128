/*
 * The host model: every host memtriage heard of, and what happened to it.
 * Parsers add to it; rules and reports only read it.
 */
#ifndef MT_MODEL_H
#define MT_MODEL_H

#include "facts/fact.h"
#include "oom/oom_event.h"
#include "util/intern.h"
#include "util/ptrmap.h"

/* A host's snapshot: an unpacked or archived sosreport, or a root such as "/". */
struct snapshot {
	unsigned unit;
	unsigned origin;             /* the PATH argument it was found in */
	const char *root;            /* "samples/db01" or "sosreport-db01.tar.xz:sosreport-db01/" */
	const char *prefix;          /* the root as a path below its PATH argument */
	struct factstore facts;
	const char *hostname;        /* from its facts, once every input is read */
};

/* The lines of a host that matched one of the rules' log regexes. */
#define LOG_HIT_LOCS 8
struct log_hit {
	unsigned count;
	struct src_loc locs[LOG_HIT_LOCS]; /* the first ones */
	char *groups;                /* "name=value ..." of the first match's named groups */
};

struct host {
	const char *name;            /* interned; NULL when the inputs name no host */
	unsigned unit;               /* the unit an unnamed host came from */
	const char *origin_path;     /* that unit's label */
	const struct snapshot *snapshot; /* the snapshot that describes this host, or NULL */
	struct factstore facts;
	struct oom_event **events;
	size_t nr_events, alloc_events;
	/* events of earlier runs, from the --state history: only rules that look
	 * back (events: within:) see them; no report lists them */
	struct oom_event **past;
	size_t nr_past, alloc_past;
	const char *kernel;          /* interned, newest seen */
	const char *hardware;
	const char *hypervisor;      /* "vmware", "hyperv", "kvm", "xen", "virtualbox", "none", "unknown" or NULL */
	const char *platform;        /* "gce", "azure", "aws", "ovirt", "rhev", "openstack", "proxmox" or NULL */
	struct tz_rules *zone;       /* the guest's time zone from the tz database (model_zones), or NULL */
	char *zone_problem;          /* why a zone the snapshot names could not be read, or NULL */
	bool zone_said;              /* a pairing has said the zone is unknown (once a host) */
	size_t duplicates;           /* events seen twice (dmesg and messages) and merged */
	struct log_hit *log_hits;    /* one per log regex of the rules, when any */
	size_t nr_log_hits;
	struct oom_note **notes;     /* rate limits' counts and panics, in time order once finished */
	size_t nr_notes, alloc_notes;
};

/*
 * A unit is where a line or a fact comes from when it names no host: one
 * per PATH argument, then one per snapshot found inside them.
 */
struct unit {
	const char *label;           /* the PATH, or the snapshot's root */
	struct snapshot *snapshot;   /* NULL for a PATH */
};

struct esx_capture;
struct tz_rules;

struct model {
	struct intern strings;       /* host names, file names, fact names */
	struct host **hosts;
	size_t nr_hosts, alloc_hosts;
	struct ptrmap host_of;       /* name -> index in hosts, kept in step by every reordering */
	struct unit *units;
	size_t nr_units, alloc_units;
	struct snapshot **snapshots;
	size_t nr_snapshots, alloc_snapshots;
	struct esx_capture **captures; /* esxtop captures and screens, hypervisor side */
	size_t nr_captures, alloc_captures;
	int year;                    /* --year, 0: infer */
	int64_t now;                 /* epoch seconds of the run: no guessed year is later */
	size_t hosts_dropped;        /* host names past MT_MAX_HOSTS */
};

void model_init(struct model *m);
void model_release(struct model *m);
/** A new unit for a PATH argument; returns its index. */
unsigned model_add_unit(struct model *m, const char *label);
/** The snapshot rooted at @prefix below PATH @origin (@root: its label), created when new. */
struct snapshot *model_snapshot(struct model *m, unsigned origin, const char *prefix,
				const char *root);
/** The host called @name (NULL: the unnamed host of @unit), created when new. */
struct host *model_host(struct model *m, const char *name, unsigned unit);
/** Whether host names @a and @b are one host: "app01" and "APP01.example.com" are, two FQDNs are not. */
bool host_name_same(const char *a, const char *b);
/** Add an event to its host; the model owns it from now on. */
void model_add_event(struct model *m, struct oom_event *e);
/** Add a note (struct oom_note) to its host; the model owns it from now on. */
void model_add_note(struct model *m, struct oom_note *n);

struct model_filter {
	const char *host;            /* keep hosts of this name (short or FQDN), or NULL */
	bool has_since, has_until;
	int64_t since, until;        /* epoch seconds */
};

/**
 * Once every input is read: order each host's events and notes in time,
 * merge the ones seen twice, derive the host's kernel and hypervisor and
 * the facts of its notes (log.panics...), apply @f.
 */
void model_finish(struct model *m, const struct model_filter *f);
/**
 * Each host's time zone, as its snapshot names it (identity.timezone:
 * etc/sysconfig/clock ZONE=, timedatectl, etc/timezone, the etc/localtime
 * link), read from the tz database in @zoneinfo_dir; h->zone_problem says
 * why when it cannot be.
 */
void model_zones(struct model *m, const char *zoneinfo_dir);
/** The host's first panic that is not the OOM killer's, or NULL. */
const struct oom_note *host_other_panic(const struct host *h);
/** Seconds since the epoch of @n, when its time is known. */
bool note_epoch(const struct oom_note *n, int64_t *out);
/** Seconds since the epoch of @e, when its time is known. */
bool event_epoch(const struct oom_event *e, int64_t *out);
/** "vmware", "hyperv"... from a DMI "Hardware name:" string, or NULL. */
const char *hypervisor_from_hardware(const char *hw);

#endif
