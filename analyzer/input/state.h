/*
 * --state FILE: incremental runs for cron, in the manner of logtail2.  For
 * each log file read, the state keeps its identity (device, inode and a
 * hash of its first bytes), how far it was read, and where a report still
 * open at its end began, so the next run reads only what is new and
 * completes that report.  A file is found again after rotation by its
 * identity (renamed to .1: same inode; compressed: same first bytes).
 * The state is an SQLite database (WAL, a bounded wait for another run's
 * transaction); it also holds what each run found, for the history
 * (history.c).  A state file of the text format before it is migrated.
 */
#ifndef MT_STATE_H
#define MT_STATE_H

#include "util/diag.h"

#include <sqlite3.h>

#define STATE_TEXT_VERSION 1      /* the text format before the database, migrated */
#define STATE_SCHEMA 2            /* PRAGMA user_version of the database (upgrades: state.c) */
#define STATE_APP_ID 0x6d746d31   /* PRAGMA application_id: "mtm1" */
#define STATE_WAIT_S 30           /* how long a run waits for another by default */
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
	sqlite3 *db;                   /* in a write transaction from open to save */
	struct state_file *files;
	size_t nr, alloc;
};

/**
 * Open the database (created when absent, migrated from the text format) and
 * begin the run's write transaction, waiting up to @wait_s seconds for
 * another run's.  Returns -1 (said to @d) when that wait runs out, or the file
 * is corrupt, foreign or from a newer memtriage: it is then left as it is and
 * nothing may be read or written.
 */
int state_open(struct state *st, const char *path, unsigned wait_s, struct diag *d);
/**
 * Open an existing database to read it only (memtriage history): no lock is
 * taken, unless one of an older schema must be upgraded first (waiting up to
 * @wait_s seconds for another run, as state_open()).
 */
int state_open_read(struct state *st, const char *path, unsigned wait_s, struct diag *d);
/** The entry of a file with this identity, or NULL for a file never seen. */
struct state_file *state_find(struct state *st, uint64_t dev, uint64_t ino, const char *head,
			      size_t len);
/** The unused entry of a plain file with this device and inode, or NULL. */
struct state_file *state_find_inode(struct state *st, uint64_t dev, uint64_t ino);
/** Record a file read this run (a new entry, or @sf updated). */
struct state_file *state_record(struct state *st, struct state_file *sf, const char *path,
				uint64_t dev, uint64_t ino, const char *head, size_t len);
/** Write the entries used this run and commit the run's transaction. */
int state_save(struct state *st, struct diag *d);
/** Commit the run's transaction, the files left as they were (an import). */
int state_commit(struct state *st, struct diag *d);
/** Say a failed statement of the database: its error, with what was being done. */
int state_db_error(struct state *st, struct diag *d, const char *doing);
void state_close(struct state *st);
uint32_t state_hash(const char *p, size_t len);

#endif
