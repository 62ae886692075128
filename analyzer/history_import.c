/*
 * --import FILE.jsonl: other hosts' reports (memtriage -f jsonl, a host a
 * line, as per-host cron jobs write them) into one database, as one run at
 * the file's modification time (rsync -t and scp -p keep it).  SQLite's JSON
 * functions take each line apart: the statements below are the mapping of
 * docs/memtriage-1.schema.json's host object to the history's tables.
 */
#include "history.h"
#include "esx/esx.h"
#include "model/esx_match.h"
#include "util/xalloc.h"

#include <errno.h>
#include <strings.h>
#include <sys/stat.h>

/* ?1 the line, ?2 the run, ?3 its time, ?4 its night; the host as history.c names it */
#define HOST_OF "coalesce(json_extract(?1, '$.host'), '(host not named in ' ||" \
		" coalesce(json_extract(?1, '$.origin'), 'the input') || ')')"

static const char *const import_sql[] = {
	"INSERT OR REPLACE INTO verdicts SELECT ?2, " HOST_OF ","
	" coalesce(json_extract(?1, '$.verdict.severity'), 'ok'), json_extract(?1, '$.verdict.summary'),"
	" json_array_length(?1, '$.events')",
	/* the key is history.c's event_key(): host|epoch (or source)|type|victim pid|trigger */
	"INSERT INTO events SELECT " HOST_OF " || '|' ||"
	" coalesce(unixepoch(json_extract(e.value, '$.time')), json_extract(e.value, '$.source')) || '|' ||"
	" json_extract(e.value, '$.type') || '|' || coalesce(json_extract(e.value, '$.victim.pid'), ?5) || '|' ||"
	" coalesce(json_extract(e.value, '$.trigger.comm'), ''),"
	" " HOST_OF ", unixepoch(json_extract(e.value, '$.time')), json_extract(e.value, '$.type'),"
	" json_extract(e.value, '$.victim.comm'), json_extract(e.value, '$.victim.pid'),"
	" json_extract(e.value, '$.trigger.comm'), json_extract(e.value, '$.cause.kind'),"
	/* the capture's host by name, as history.c's hv_key() */
	" CASE WHEN json_type(e.value, '$.vmware') = 'object' OR json_type(e.value, '$.hypervisor_sample') = 'object'"
	" THEN coalesce(json_extract(?1, '$.facts.\"esx.host.name\"'), json_extract(?1, '$.facts.\"kvm.host.name\"'),"
	" json_extract(?1, '$.facts.\"hyperv.host.name\"'), json_extract(?1, '$.facts.\"xen.host.name\"'),"
	" json_extract(e.value, '$.vmware.capture'), json_extract(e.value, '$.hypervisor_sample.source')) END,"
	" json_extract(e.value, '$.vmware.vm'), ?3, ?3, coalesce(json_extract(e.value, '$.year_guessed'), 0)"
	" FROM json_each(?1, '$.events') e WHERE true"
	" ON CONFLICT(key) DO UPDATE SET last_seen = excluded.last_seen, cause = coalesce(excluded.cause, cause)",
	"INSERT INTO findings SELECT " HOST_OF ", json_extract(f.value, '$.rule'),"
	" json_extract(f.value, '$.severity'), json_extract(f.value, '$.title'), ?3, ?3"
	" FROM json_each(?1, '$.findings') f WHERE true ON CONFLICT(host, rule) DO UPDATE SET"
	" last_seen = max(last_seen, excluded.last_seen), first_seen = min(first_seen, excluded.first_seen)",
	"INSERT OR IGNORE INTO nights SELECT " HOST_OF ", json_extract(f.value, '$.rule'), ?4"
	" FROM json_each(?1, '$.findings') f",
	"INSERT INTO recommendations SELECT " HOST_OF ", r.value,"
	" coalesce(json_extract(c.value, '$.sysctl') || ' = ' || json_extract(c.value, '$.value'),"
	" json_extract(c.value, '$.action')), ?3, ?3"
	" FROM json_each(?1, '$.recommendations') c, json_each(c.value, '$.rules') r"
	" WHERE coalesce(json_extract(c.value, '$.satisfied'), 0) = 0"
	" ON CONFLICT(host, rule, what) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)",
};

/* A line that is a host object of memtriage's schema, or why not. */
static const char *not_a_host(sqlite3 *db, const char *line)
{
	sqlite3_stmt *q;
	const char *why = NULL;

	if (sqlite3_prepare_v2(db, "SELECT json_valid(?1), json_extract(?1, '$.schema'),"
			       " json_type(?1, '$.events'), json_type(?1, '$.findings')", -1, &q, NULL))
		return "cannot be checked";
	sqlite3_bind_text(q, 1, line, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_ROW || !sqlite3_column_int(q, 0))
		why = "is not JSON";
	else if (!sqlite3_column_text(q, 1) || strcmp((const char *)sqlite3_column_text(q, 1), MT_SCHEMA))
		why = "is not a host of memtriage's JSON Lines (-f jsonl; schema " MT_SCHEMA ")";
	else if (!sqlite3_column_text(q, 2) || strcmp((const char *)sqlite3_column_text(q, 2), "array") ||
		 !sqlite3_column_text(q, 3) || strcmp((const char *)sqlite3_column_text(q, 3), "array"))
		why = "has no events or findings arrays";
	sqlite3_finalize(q);
	return why;
}

static int import_line(sqlite3_stmt **qs, const char *line, int64_t run,
		       int64_t at, const char *night)
{
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < ARRAY_SIZE(import_sql); i++) {
		sqlite3_stmt *q = qs[i];

		sqlite3_bind_text(q, 1, line, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, run);
		sqlite3_bind_int64(q, 3, at);
		sqlite3_bind_text(q, 4, night, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 5, MT_UNKNOWN); /* beyond a statement's parameters: ignored */
		ret = sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(q);
	}
	return ret;
}

long history_import(struct state *st, const char *path, struct diag *d)
{
	sqlite3_stmt *qs[ARRAY_SIZE(import_sql)] = { 0 }, *run_q = NULL;
	struct strbuf night = STRBUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int64_t run = 0;
	struct stat sb;
	unsigned lineno = 0;
	long hosts = 0;
	size_t i;
	FILE *f = fopen(path, "r");
	int ret = 0;

	if (!f || fstat(fileno(f), &sb)) {
		ret = diag_error(d, path, 0, "cannot read it: %s", strerror(errno));
		if (f)
			fclose(f);
		return ret;
	}
	utc_date(&night, sb.st_mtime);
	for (i = 0; !ret && i < ARRAY_SIZE(import_sql); i++)
		if (sqlite3_prepare_v2(st->db, import_sql[i], -1, &qs[i], NULL))
			ret = state_db_error(st, d, "prepare the import");
	if (!ret && (sqlite3_prepare_v2(st->db, "INSERT INTO runs(at, night, source) VALUES(?, ?, ?)", -1,
					&run_q, NULL) ||
		     (sqlite3_bind_int64(run_q, 1, sb.st_mtime), sqlite3_bind_text(run_q, 2, night.buf, -1, SQLITE_STATIC),
		      sqlite3_bind_text(run_q, 3, path, -1, SQLITE_STATIC), sqlite3_step(run_q) != SQLITE_DONE)))
		ret = state_db_error(st, d, "record the import");
	run = sqlite3_last_insert_rowid(st->db);
	while (!ret && (len = getline(&line, &cap, f)) >= 0) {
		const char *why;

		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len)
			continue;
		if ((why = not_a_host(st->db, line)))
			ret = diag_error(d, path, lineno, "the line %s; nothing imported", why);
		else if (import_line(qs, line, run, sb.st_mtime, night.buf))
			ret = state_db_error(st, d, "import the line");
		else
			hosts++;
	}
	for (i = 0; i < ARRAY_SIZE(import_sql); i++)
		sqlite3_finalize(qs[i]);
	sqlite3_finalize(run_q);
	fclose(f);
	free(line);
	strbuf_release(&night);
	return ret ? -1 : hosts;
}

bool history_is_jsonl(const char *path)
{
	FILE *f = fopen(path, "r");
	int c = EOF;

	if (!f)
		return true; /* said by history_import(), which cannot read it either */
	while ((c = getc(f)) != EOF && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
		;
	fclose(f);
	return c == EOF || c == '{';
}

/* The guest @vm stands for: the HOST of --vm @vm=HOST, else the VM's own name. */
static const char *guest_of(const char *vm, const char *const *vm_map, size_t nr, size_t *len)
{
	const char *host = vm_map_host(vm_map, nr, vm);

	*len = strlen(host ? host : vm);
	return host ? host : vm;
}

long history_import_guests(struct state *st, const struct model *m, const char *const *vm_map,
			   size_t nr_vm_map, const char *path, struct strbuf *said, struct diag *d)
{
	sqlite3_stmt *q;
	size_t i, v;
	long n = 0;
	int ret = 0;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO guests VALUES(?, ?, ?, ?, ?, ?)", -1, &q, NULL))
		return state_db_error(st, d, "prepare the import");
	for (i = 0; !ret && i < m->nr_captures; i++) {
		const struct esx_capture *cap = m->captures[i];
		/* the key of history.c's hv_key(): the host's name, else the capture's file */
		const char *hv = cap->esx_host && *cap->esx_host ? cap->esx_host : cap->file;
		int64_t first = 0, last = 0;
		size_t t;

		for (t = 0; t < cap->nr_samples; t++) /* 0: a sample of unknown time */
			if (cap->times[t]) {
				first = first && first < cap->times[t] ? first : cap->times[t];
				last = last > cap->times[t] ? last : cap->times[t];
			}

		strbuf_addf(said, "%s%s:", i ? "; " : "", hv);
		for (v = 0; !ret && v < cap->nr_vms; v++) {
			size_t len;
			const char *guest = guest_of(cap->vms[v].name, vm_map, nr_vm_map, &len);

			sqlite3_bind_text(q, 1, guest, (int)len, SQLITE_TRANSIENT);
			sqlite3_bind_text(q, 2, hv, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q, 3, cap->vms[v].name, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(q, 4, path, -1, SQLITE_TRANSIENT);
			if (first) {
				sqlite3_bind_int64(q, 5, first);
				sqlite3_bind_int64(q, 6, last);
			} else {
				sqlite3_bind_null(q, 5);
				sqlite3_bind_null(q, 6);
			}
			if (sqlite3_step(q) != SQLITE_DONE)
				ret = state_db_error(st, d, "import the capture's guests");
			sqlite3_reset(q);
			strbuf_addf(said, " %s", cap->vms[v].name);
			if (guest != cap->vms[v].name)
				strbuf_addf(said, "=%.*s", (int)len, guest);
			n++;
		}
	}
	sqlite3_finalize(q);
	return ret ? -1 : n;
}
