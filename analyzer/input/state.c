/*
 * The state database.  Its tables (version STATE_SCHEMA, PRAGMA
 * user_version; PRAGMA application_id STATE_APP_ID names it memtriage's):
 *
 *   files     one row a log file read: identity, offset, the reports held open
 *   runs      one row a run (or an imported report): when, the night it counts for
 *   verdicts  a host's verdict in a run
 *   events    every OOM event seen, per host, first and last seen
 *   findings  every finding seen, per host and rule: first, last seen, nights
 *   nights    the nights each finding was seen (for "again: N nights")
 *   recommendations  every recommendation seen, per host, first and last seen
 *   guests    guests paired with a hypervisor host by a capture given to
 *             memtriage history --import (by the VM's name or --vm), over
 *             the capture's first to last sample (NULL: its times unknown)
 *
 * Schema 2 added events.year_guessed (the year of a syslog stamp that
 * prints none, guessed), the guests table and the index of kills by
 * victim; a database of schema 1 is brought to 2 by its first run.
 *
 * Only the first is read and written here; the rest are history.c's.  The
 * text format before it, migrated once:
 *
 *   memtriage-state 1
 *   <dev> <ino> <hash> <hashed> <offset> <lineno> <eof> <held,held|-> <path>
 */
#include "input/state.h"
#include "util/scan.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static const char schema_sql[] =
	"CREATE TABLE files(path TEXT NOT NULL, dev INTEGER NOT NULL, ino INTEGER NOT NULL,"
	" hash INTEGER NOT NULL, hashed INTEGER NOT NULL, offset INTEGER NOT NULL,"
	" lineno INTEGER NOT NULL, eof INTEGER NOT NULL, held TEXT NOT NULL);"
	"CREATE TABLE runs(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, night TEXT NOT NULL,"
	" source TEXT);"
	"CREATE TABLE verdicts(run INTEGER NOT NULL REFERENCES runs(id), host TEXT NOT NULL,"
	" verdict TEXT NOT NULL, summary TEXT, events INTEGER NOT NULL, PRIMARY KEY(run, host));"
	"CREATE INDEX verdicts_host ON verdicts(host, run);"
	"CREATE TABLE events(key TEXT PRIMARY KEY, host TEXT NOT NULL, time INTEGER,"
	" type TEXT NOT NULL, victim TEXT, victim_pid INTEGER, trigger TEXT, cause TEXT,"
	" capture TEXT, vm TEXT, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	" year_guessed INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX events_host ON events(host, time);"
	"CREATE INDEX events_time ON events(time);"
	"CREATE INDEX events_capture ON events(capture, time) WHERE capture IS NOT NULL;"
	"CREATE INDEX events_victim ON events(victim, time) WHERE type = 'oom_kill';"
	"CREATE TABLE guests(guest TEXT NOT NULL, hv_host TEXT NOT NULL, vm TEXT NOT NULL,"
	" source TEXT, first INTEGER, last INTEGER, PRIMARY KEY(guest, hv_host, first));"
	"CREATE TABLE findings(host TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,"
	" title TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	" PRIMARY KEY(host, rule));"
	"CREATE TABLE nights(host TEXT NOT NULL, rule TEXT NOT NULL, night TEXT NOT NULL,"
	" PRIMARY KEY(host, rule, night));"
	"CREATE TABLE recommendations(host TEXT NOT NULL, rule TEXT NOT NULL, what TEXT NOT NULL,"
	" first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, PRIMARY KEY(host, rule, what));";

uint32_t state_hash(const char *p, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

static void release_files(struct state *st)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		free(st->files[i].path);
	free(st->files);
	st->files = NULL;
	st->nr = st->alloc = 0;
}

int state_db_error(struct state *st, struct diag *d, const char *doing)
{
	int code = sqlite3_errcode(st->db), err = sqlite3_system_errno(st->db);
	const char *why = code == SQLITE_FULL || err == ENOSPC ? "the disk is full"
			  : err ? strerror(err) : sqlite3_errmsg(st->db);

	return diag_error(d, st->path, 0, "cannot %s: %s; the state is as the last run left it",
			  doing, why);
}

/* "held,held" or "-" */
static bool parse_held(const char *s, const char *end, struct state_file *f)
{
	if (scan_char(&s, end, '-'))
		return s == end;
	do {
		if (f->nr_held >= STATE_MAX_HELD || !scan_u64(&s, end, &f->held[f->nr_held++]))
			return false;
	} while (scan_char(&s, end, ','));
	return s == end;
}

static bool parse_text_line(struct span l, struct state_file *f)
{
	const char *s = l.p, *end = l.p + l.len, *held;
	uint64_t v[7];
	size_t i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < 7; i++) {
		if (!scan_u64(&s, end, &v[i]) || !scan_char(&s, end, ' '))
			return false;
	}
	if (v[2] > UINT32_MAX || v[3] > STATE_HASHED || v[5] > UINT32_MAX || v[4] > v[6])
		return false;
	f->dev = v[0], f->ino = v[1], f->hash = (uint32_t)v[2], f->hashed = (uint32_t)v[3];
	f->offset = v[4], f->lineno = (unsigned)v[5], f->eof = v[6];
	held = s;
	while (s < end && *s != ' ')
		s++;
	if (!parse_held(held, s, f) || !scan_char(&s, end, ' ') || s >= end)
		return false;
	f->path = xstrndup(s, (size_t)(end - s));
	f->used = true;
	return true;
}

/*
 * From each schema to the next, in order: [1] takes schema 1 to 2.  Each
 * step runs inside the run's transaction, so a run killed midway leaves the
 * database at the schema it had.
 */
static const char *const upgrade_sql[STATE_SCHEMA] = {
	[1] = "ALTER TABLE events ADD COLUMN year_guessed INTEGER NOT NULL DEFAULT 0;"
	      "CREATE INDEX events_victim ON events(victim, time) WHERE type = 'oom_kill';"
	      "CREATE TABLE guests(guest TEXT NOT NULL, hv_host TEXT NOT NULL, vm TEXT NOT NULL,"
	      " source TEXT, first INTEGER, last INTEGER, PRIMARY KEY(guest, hv_host, first));",
};

/* The text format: 0 read, -1 corrupt (at *bad_line), -2 newer. */
static int load_text(struct state *st, const char *text, size_t len, unsigned *bad_line)
{
	const char *p = text, *end = text + len;
	uint64_t version;

	*bad_line = 1;
	if (!scan_lit(&p, end, "memtriage-state ") || !scan_u64(&p, end, &version) ||
	    !scan_char(&p, end, '\n'))
		return -1;
	if (version > STATE_TEXT_VERSION)
		return -2;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct state_file f;

		++*bad_line;
		if (!nl || !parse_text_line(span_make(p, nl), &f))
			return -1;
		ALLOC_GROW(st->files, st->nr, st->alloc);
		st->files[st->nr++] = f;
		p = nl + 1;
	}
	return 0;
}

enum file_kind { FILE_ABSENT, FILE_EMPTY, FILE_SQLITE, FILE_TEXT, FILE_FOREIGN, FILE_UNREADABLE };

/* What is at @path, by its first bytes; the text format's are read into @text. */
static enum file_kind file_kind(const char *path, struct strbuf *text)
{
	static const char sqlite_magic[16] = "SQLite format 3";
	char buf[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? FILE_ABSENT : FILE_UNREADABLE;
	while ((n = read(fd, buf, sizeof(buf))) > 0 && text->len < (64u << 20)) {
		strbuf_add(text, buf, (size_t)n);
		if (text->len >= sizeof(sqlite_magic) && !memcmp(text->buf, sqlite_magic, sizeof(sqlite_magic)))
			break;
	}
	close(fd);
	if (n < 0)
		return FILE_UNREADABLE;
	if (!text->len)
		return FILE_EMPTY;
	if (text->len >= sizeof(sqlite_magic) && !memcmp(text->buf, sqlite_magic, sizeof(sqlite_magic)))
		return FILE_SQLITE;
	if (text->len >= 16 && !memcmp(text->buf, "memtriage-state ", 16))
		return FILE_TEXT;
	return FILE_FOREIGN;
}

static int exec(struct state *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int64_t pragma_int(struct state *st, const char *sql, bool *ok)
{
	sqlite3_stmt *q;
	int64_t v = 0;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) {
		*ok = false;
		return 0;
	}
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	else
		*ok = false;
	sqlite3_finalize(q);
	return v;
}

static int refuse(struct state *st, struct diag *d, const char *what)
{
	return diag_error(d, st->path, 0, "%s; left as it is, nothing run (give --state another file, "
			  "or move this one away to start afresh)", what);
}

/*
 * Check the database is memtriage's and of a schema this one knows, before
 * anything is written to it: a foreign or corrupt file is never touched.
 */
static int check_schema(struct state *st, struct diag *d, bool *fresh, int64_t *schema)
{
	bool ok = true;
	int64_t app = pragma_int(st, "PRAGMA application_id", &ok);
	int64_t version = pragma_int(st, "PRAGMA user_version", &ok);
	int64_t tables = pragma_int(st, "SELECT count(*) FROM sqlite_master", &ok);

	if (!ok) {
		int code = sqlite3_errcode(st->db);

		if (code == SQLITE_BUSY)
			return -2;
		if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
			return refuse(st, d, "corrupt state database");
		return state_db_error(st, d, "read the state");
	}
	*fresh = !app && !version && !tables;
	*schema = version;
	if (*fresh)
		return 0;
	if (app != STATE_APP_ID)
		return refuse(st, d, "an SQLite database that is not a memtriage state");
	if (version < 1)
		return refuse(st, d, "a memtriage state without a schema version (corrupt)");
	if (version > STATE_SCHEMA) {
		diag_error(d, st->path, 0, "written by a newer memtriage (schema %lld, this one knows %d); "
			   "left as it is, nothing run", (long long)version, STATE_SCHEMA);
		return -1;
	}
	return 0;
}

/* A database of an older schema brought to this one's, in the run's transaction. */
static int upgrade_schema(struct state *st, int64_t from)
{
	struct strbuf sql = STRBUF_INIT;
	int ret;

	for (; from < STATE_SCHEMA; from++)
		strbuf_addstr(&sql, upgrade_sql[from]);
	strbuf_addf(&sql, "PRAGMA user_version=%d;", STATE_SCHEMA);
	ret = exec(st, sql.buf);
	strbuf_release(&sql);
	return ret;
}

static int create_schema(struct state *st)
{
	struct strbuf sql = STRBUF_INIT;
	int ret;

	strbuf_addf(&sql, "%sPRAGMA application_id=%d;PRAGMA user_version=%d;", schema_sql,
		    STATE_APP_ID, STATE_SCHEMA);
	ret = exec(st, sql.buf);
	strbuf_release(&sql);
	return ret;
}

static int load_files(struct state *st)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT dev, ino, hash, hashed, offset, lineno, eof, held, path"
			       " FROM files", -1, &q, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct state_file f = { 0 };
		const char *held = (const char *)sqlite3_column_text(q, 7);
		const char *path = (const char *)sqlite3_column_text(q, 8);

		f.dev = (uint64_t)sqlite3_column_int64(q, 0);
		f.ino = (uint64_t)sqlite3_column_int64(q, 1);
		f.hash = (uint32_t)sqlite3_column_int64(q, 2);
		f.hashed = (uint32_t)sqlite3_column_int64(q, 3);
		f.offset = (uint64_t)sqlite3_column_int64(q, 4);
		f.lineno = (unsigned)sqlite3_column_int64(q, 5);
		f.eof = (uint64_t)sqlite3_column_int64(q, 6);
		if (!held || !path || f.hashed > STATE_HASHED || f.offset > f.eof ||
		    !parse_held(held, held + strlen(held), &f))
			continue;
		f.path = xstrdup(path);
		ALLOC_GROW(st->files, st->nr, st->alloc);
		st->files[st->nr++] = f;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int store_files(struct state *st, bool all)
{
	sqlite3_stmt *q;
	size_t i, k;
	int ret = 0;

	if (exec(st, "DELETE FROM files") ||
	    sqlite3_prepare_v2(st->db, "INSERT INTO files VALUES(?,?,?,?,?,?,?,?,?)", -1, &q, NULL))
		return -1;
	for (i = 0; !ret && i < st->nr; i++) {
		const struct state_file *s = &st->files[i];
		struct strbuf held = STRBUF_INIT;

		if (!all && !s->used)
			continue;
		if (!s->nr_held)
			strbuf_addch(&held, '-');
		for (k = 0; k < s->nr_held; k++)
			strbuf_addf(&held, "%s%llu", k ? "," : "", (unsigned long long)s->held[k]);
		sqlite3_bind_text(q, 1, s->path, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)s->dev);
		sqlite3_bind_int64(q, 3, (sqlite3_int64)s->ino);
		sqlite3_bind_int64(q, 4, s->hash);
		sqlite3_bind_int64(q, 5, s->hashed);
		sqlite3_bind_int64(q, 6, (sqlite3_int64)s->offset);
		sqlite3_bind_int64(q, 7, s->lineno);
		sqlite3_bind_int64(q, 8, (sqlite3_int64)s->eof);
		sqlite3_bind_text(q, 9, held.buf, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(q) != SQLITE_DONE)
			ret = -1;
		sqlite3_reset(q);
		strbuf_release(&held);
	}
	sqlite3_finalize(q);
	return ret;
}

/*
 * A state of the text format becomes a database beside it, renamed over it
 * once complete: a run killed meanwhile leaves the text state as it was.
 */
static int migrate_text(struct state *st, struct strbuf *text, struct diag *d)
{
	struct strbuf tmp = STRBUF_INIT;
	unsigned line;
	int r = load_text(st, text->buf, text->len, &line), ret = -1;

	if (r == -2)
		return diag_error(d, st->path, 1, "written by a newer memtriage; left as it is, nothing run");
	if (r == -1) {
		release_files(st);
		diag_error(d, st->path, line, "corrupt state (text format)");
		return refuse(st, d, "not migrated");
	}
	strbuf_addf(&tmp, "%s.migrating", st->path);
	unlink(tmp.buf);
	if (sqlite3_open_v2(tmp.buf, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ||
	    exec(st, "BEGIN") || create_schema(st) || store_files(st, true) || exec(st, "COMMIT"))
		diag_error(d, tmp.buf, 0, "cannot migrate the state to SQLite: %s; the text state is left as it is",
			   sqlite3_errmsg(st->db));
	else if (sqlite3_close(st->db) != SQLITE_OK || rename(tmp.buf, st->path))
		diag_error(d, st->path, 0, "cannot migrate the state: %s", strerror(errno));
	else
		ret = 0;
	if (ret) {
		sqlite3_close(st->db);
		unlink(tmp.buf);
	} else {
		diag_warn(d, st->path, 0, "the state of the text format was migrated to an SQLite database");
	}
	st->db = NULL;
	strbuf_release(&tmp);
	return ret;
}

int state_open(struct state *st, const char *path, unsigned wait_s, struct diag *d)
{
	struct strbuf text = STRBUF_INIT;
	enum file_kind kind;
	bool fresh = false;
	int64_t schema = STATE_SCHEMA;
	int r;

	memset(st, 0, sizeof(*st));
	st->path = xstrdup(path);
	kind = file_kind(path, &text);
	if (kind == FILE_UNREADABLE)
		r = diag_error(d, path, 0, "cannot read the state: %s", strerror(errno));
	else if (kind == FILE_FOREIGN)
		r = refuse(st, d, "not a memtriage state (neither its SQLite database nor its text format)");
	else if (kind == FILE_TEXT)
		r = migrate_text(st, &text, d);
	else
		r = 0;
	strbuf_release(&text);
	if (r)
		return -1;
	release_files(st);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
		diag_error(d, path, 0, "cannot open the state: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	sqlite3_busy_timeout(st->db, (int)(wait_s > 86400 ? 86400 : wait_s) * 1000);
	r = check_schema(st, d, &fresh, &schema);
	/* WAL: the history can be read while a run writes; the run's transaction
	 * (IMMEDIATE: the write lock now, not at the end) keeps out another run */
	if (!r && (exec(st, "PRAGMA journal_mode=WAL") || exec(st, "BEGIN IMMEDIATE")))
		r = sqlite3_errcode(st->db) == SQLITE_BUSY ? -2 : state_db_error(st, d, "begin the run");
	if (r == -2)
		diag_error(d, path, 0, "another memtriage run is using this state; waited %us, not run", wait_s);
	if (!r && fresh && create_schema(st))
		r = state_db_error(st, d, "create the state");
	if (!r && !fresh && schema < STATE_SCHEMA && upgrade_schema(st, schema))
		r = state_db_error(st, d, "bring the state to this memtriage's schema");
	if (!r && load_files(st))
		r = state_db_error(st, d, "read the state");
	return r ? -1 : 0;
}

int state_open_read(struct state *st, const char *path, unsigned wait_s, struct diag *d)
{
	bool fresh = false;
	int64_t schema = STATE_SCHEMA;

	memset(st, 0, sizeof(*st));
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY, NULL)) {
		diag_error(d, path, 0, "no history to read: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	sqlite3_busy_timeout(st->db, STATE_WAIT_S * 1000);
	if (check_schema(st, d, &fresh, &schema))
		return -1;
	if (fresh)
		return diag_error(d, path, 0, "an empty file, not a memtriage state: no history to read");
	if (schema < STATE_SCHEMA) {
		/* an older schema's columns are not there to read: upgraded first, as a run would */
		state_close(st);
		if (state_open(st, path, wait_s, d) || state_commit(st, d))
			return -1;
		state_close(st);
		return state_open_read(st, path, wait_s, d);
	}
	return 0;
}

struct state_file *state_find(struct state *st, uint64_t dev, uint64_t ino, const char *head,
			      size_t len)
{
	size_t i;

	for (i = 0; i < st->nr; i++) {
		struct state_file *f = &st->files[i];

		/* a file is the same one when its first bytes are the same: by inode, or
		 * by content alone once it was compressed or copied */
		if (f->hashed > len || state_hash(head, f->hashed) != f->hash)
			continue;
		if ((f->ino && f->dev == dev && f->ino == ino) || !f->ino || !ino)
			return f;
	}
	for (i = 0; i < st->nr; i++) {
		struct state_file *f = &st->files[i];

		if (f->hashed <= len && state_hash(head, f->hashed) == f->hash && f->hashed)
			return f;
	}
	return NULL;
}

struct state_file *state_find_inode(struct state *st, uint64_t dev, uint64_t ino)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		if (!st->files[i].used && st->files[i].ino == ino && st->files[i].dev == dev)
			return &st->files[i];
	return NULL;
}

struct state_file *state_record(struct state *st, struct state_file *sf, const char *path,
				uint64_t dev, uint64_t ino, const char *head, size_t len)
{
	if (!sf) {
		ALLOC_GROW(st->files, st->nr, st->alloc);
		sf = &st->files[st->nr++];
		memset(sf, 0, sizeof(*sf));
	}
	free(sf->path);
	sf->path = xstrdup(path);
	sf->dev = dev;
	sf->ino = ino;
	sf->hashed = (uint32_t)(len < STATE_HASHED ? len : STATE_HASHED);
	sf->hash = state_hash(head, sf->hashed);
	sf->used = true;
	return sf;
}

int state_save(struct state *st, struct diag *d)
{
	if (store_files(st, false) || exec(st, "COMMIT")) {
		state_db_error(st, d, "write the state");
		exec(st, "ROLLBACK");
		return -1;
	}
	return 0;
}

int state_commit(struct state *st, struct diag *d)
{
	if (exec(st, "COMMIT")) {
		state_db_error(st, d, "write the state");
		exec(st, "ROLLBACK");
		return -1;
	}
	return 0;
}

void state_close(struct state *st)
{
	release_files(st);
	if (st->db) {
		/* a transaction not committed is given up: the state stays the last run's */
		if (!sqlite3_get_autocommit(st->db))
			exec(st, "ROLLBACK");
		sqlite3_close(st->db);
	}
	free(st->path);
	memset(st, 0, sizeof(*st));
}
