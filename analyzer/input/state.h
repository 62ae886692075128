/*
 * --state FILE: incremental runs for cron, in the manner of logtail2.  For
 * each log file read, the state keeps its identity (device, inode and a
 * hash of its first bytes), how far it was read, and where a report still
 * open at its end began, so the next run reads only what is new and
 * completes that report.  A file is found again after rotation by its
 * identity (renamed to .1: same inode; compressed: same first bytes).
 * The state is written atomically and locked against overlapping runs.
 */
#ifndef MT_STATE_H
#define MT_STATE_H

#include "util/diag.h"

#define STATE_VERSION 1
#define STATE_HASHED 4096u     /* the first bytes hashed to know a file again */
#define STATE_MAX_HELD 8

struct state_file {
	char *path;
	uint64_t dev, ino;             /* 0 for compressed files: known by hash only */
	uint32_t hash;                 /* FNV-1a of the first `hashed` bytes */
	uint32_t hashed;
	uint64_t offset;               /* where to read from next time */
	unsigned lineno;               /* lines before offset */
	uint64_t eof;                  /* the bytes read in all last time */
	uint64_t held[STATE_MAX_HELD]; /* byte offsets of reports open at eof */
	size_t nr_held;
	bool used;                     /* seen in this run: kept when saved */
};

struct state {
	char *path;
	int lock_fd;
	struct state_file *files;
	size_t nr, alloc;
};

/**
 * Lock and read the state; a corrupt file is reported and rebuilt.  Returns
 * -1 (said to @d) when another run holds the lock or the file comes from a
 * newer memtriage: nothing may then be read or written.
 */
int state_open(struct state *st, const char *path, struct diag *d);
/** The entry of a file with this identity, or NULL for a file never seen. */
struct state_file *state_find(struct state *st, uint64_t dev, uint64_t ino, const char *head,
			      size_t len);
/** The unused entry of a plain file with this device and inode, or NULL. */
struct state_file *state_find_inode(struct state *st, uint64_t dev, uint64_t ino);
/** Record a file read this run (a new entry, or @sf updated). */
struct state_file *state_record(struct state *st, struct state_file *sf, const char *path,
				uint64_t dev, uint64_t ino, const char *head, size_t len);
/** Write the entries used this run, atomically. */
int state_save(struct state *st, struct diag *d);
void state_close(struct state *st);
uint32_t state_hash(const char *p, size_t len);

#endif
